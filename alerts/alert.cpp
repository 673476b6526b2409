#include "alerts/alert.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "diff/components.h"
#include "policy/fingerprint.h"
#include "sbom/text.h"

namespace bomwatch::alerts {

namespace {

// XXH3-128 of project, branch, build and the sorted fingerprints, each ended by a NUL: the same
// findings of the same build give the same id in every run and retry, whatever their order.
std::string alert_id(const Alert& alert) {
    std::vector<std::string_view> fingerprints;
    for (const AlertFinding& f : alert.findings) fingerprints.push_back(f.fingerprint);
    std::sort(fingerprints.begin(), fingerprints.end());
    std::string input;
    for (std::string_view part : {std::string_view(alert.project), std::string_view(alert.branch), std::string_view(alert.build)}) {
        input += part;
        input += '\0';
    }
    for (std::string_view fingerprint : fingerprints) {
        input += fingerprint;
        input += '\0';
    }
    return hash128_hex(input);
}

// "bomwatch: 2 high, 1 medium unexpected findings in checkout-web (main), build 4711".
std::string make_title(const Alert& alert, std::string_view prefix) {
    std::string counts;
    for (std::size_t i = policy::kSeverityCount; i-- > 0;) {
        if (!alert.counts[i]) continue;
        counts += (counts.empty() ? "" : ", ") + sbom::with_commas(alert.counts[i]) + " " + std::string(policy::severity_name(static_cast<policy::Severity>(i)));
    }
    std::string title(prefix);
    if (counts.empty()) title += "no unexpected findings";
    else title += counts + (alert.total == 1 ? " unexpected finding" : " unexpected findings");
    title += " in " + (alert.project.empty() ? std::string("(unnamed project)") : alert.project);
    if (!alert.branch.empty()) title += " (" + alert.branch + ")";
    if (!alert.build.empty()) title += ", build " + alert.build;
    return title;
}

void finish(Alert& alert, std::string_view title_prefix) {
    // Highest severity first; the given order (the Findings order: rule, then name) otherwise.
    std::stable_sort(alert.findings.begin(), alert.findings.end(), [](const AlertFinding& a, const AlertFinding& b) { return a.severity > b.severity; });
    alert.counts = {};
    for (const AlertFinding& f : alert.findings) ++alert.counts[static_cast<std::size_t>(f.severity)];
    alert.total = alert.findings.size();
    alert.title = make_title(alert, title_prefix);
    alert.id = alert_id(alert);
}

Alert start(const AlertContext& context) {
    Alert alert;
    alert.project = context.project;
    alert.branch = context.branch;
    alert.build = context.build;
    alert.link = context.link;
    alert.timestamp = context.timestamp.empty() ? sbom::utc_now_text("%Y-%m-%dT%H:%M:%SZ") : context.timestamp;
    return alert;
}

AlertFinding alert_finding(const diff::Changes& changes, const policy::Finding& f) {
    AlertFinding out;
    out.severity = f.severity;
    out.rule = std::string(policy::rule_id(f.rule));
    out.name = f.name;
    out.message = f.message;
    out.path = f.path;
    out.fingerprint = policy::fingerprint(changes, f);

    const sbom::Component* shown = nullptr;
    if (f.change != sbom::kNone && f.change < changes.changes.size()) {
        const diff::Change& change = changes.changes[f.change];
        const sbom::Component* old_c = diff::old_component(changes, change);
        const sbom::Component* new_c = diff::new_component(changes, change);
        if (old_c) out.old_version = std::string(old_c->version);
        if (new_c) out.new_version = std::string(new_c->version);
        shown = new_c ? new_c : old_c;
    }
    // The component the finding shows (an advisory rule's may be one the change does not name).
    if (f.component != sbom::kNone) {
        const sbom::Document* doc = f.in_new ? changes.new_doc : changes.old_doc;
        if (doc && f.component < doc->components.size()) {
            shown = &doc->components[f.component];
            if (f.change == sbom::kNone) {
                // A component the diff did not change (in whichever document the finding names):
                // its one version on both sides, never "new" or "removed".
                out.old_version = std::string(shown->version);
                out.new_version = out.old_version;
            }
        }
    }
    if (shown) {
        out.ecosystem = std::string(shown->ecosystem);
        out.purl = std::string(shown->purl);
    }
    if (out.purl.empty() && f.reference.starts_with("pkg:")) out.purl = f.reference;
    return out;
}

}  // namespace

std::string hash128_hex(std::string_view input) {
    const XXH128_hash_t hash = XXH3_128bits(input.data(), input.size());
    char buffer[33];
    std::snprintf(buffer, sizeof buffer, "%016llx%016llx", static_cast<unsigned long long>(hash.high64), static_cast<unsigned long long>(hash.low64));
    return buffer;
}

Alert make_alert(const diff::Changes& changes, const std::vector<const policy::Finding*>& findings, const AlertContext& context) {
    Alert alert = start(context);
    alert.findings.reserve(findings.size());
    for (const policy::Finding* f : findings)
        if (f) alert.findings.push_back(alert_finding(changes, *f));
    finish(alert, "bomwatch: ");
    return alert;
}

Alert sample_alert(const AlertContext& context) {
    AlertContext filled = context;
    if (filled.project.empty()) filled.project = "checkout-web";
    if (filled.branch.empty()) filled.branch = "main";
    if (filled.build.empty()) filled.build = "test";
    Alert alert = start(filled);
    const std::vector<std::string> path{filled.project + " 2.3.1", "axios 1.14.1", "plain-crypto-js 4.2.1"};
    const auto sample = [&](policy::Severity severity, std::string rule, std::string name, std::string old_version, std::string new_version,
                            std::string message, std::vector<std::string> finding_path) {
        AlertFinding f;
        f.severity = severity;
        f.rule = std::move(rule);
        f.name = std::move(name);
        f.ecosystem = "npm";
        f.purl = "pkg:npm/" + f.name + "@" + (new_version.empty() ? old_version : new_version);
        f.old_version = std::move(old_version);
        f.new_version = std::move(new_version);
        f.message = "Test alert, not a real finding: " + message;
        f.path = std::move(finding_path);
        // Made-up but stable: the same sample finding gets the same fingerprint every time.
        const std::string input = std::string("bomwatch-sample") + '\0' + f.rule + '\0' + f.name;
        char buffer[17];
        std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(XXH3_64bits(input.data(), input.size())));
        f.fingerprint = buffer;
        alert.findings.push_back(std::move(f));
    };
    sample(policy::Severity::Critical, "known-malicious", "plain-crypto-js", "", "4.2.1",
           "plain-crypto-js 4.2.1 is a known malicious package (MAL-2026-0001).", path);
    sample(policy::Severity::High, "new-dependency-in-update", "plain-crypto-js", "", "4.2.1",
           "axios 1.14.0 → 1.14.1 is only a patch step but brings in a new dependency, plain-crypto-js 4.2.1.", path);
    sample(policy::Severity::High, "name-confusion", "plain-crypto-js", "", "4.2.1",
           "plain-crypto-js looks like the popular crypto-js with \"plain-\" added.", path);
    sample(policy::Severity::Info, "version-update", "axios", "1.14.0", "1.14.1", "axios was updated from 1.14.0 to 1.14.1 (patch).", {});
    finish(alert, "[test] bomwatch: ");
    alert.test = true;
    // A random suffix: each test is a new message, not deduplicated into the last one by an e-mail
    // Message-ID, a PagerDuty dedup_key or a receiver's webhook-id.
    std::random_device random;
    char suffix[17];
    std::snprintf(suffix, sizeof suffix, "%08x%08x", random(), random());
    alert.id += std::string("-test-") + suffix;
    return alert;
}

}  // namespace bomwatch::alerts
