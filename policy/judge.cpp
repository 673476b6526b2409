#include "policy/judge.h"

#include <algorithm>
#include <ctime>
#include <optional>

#include "diff/components.h"
#include "policy/name_confusion.h"
#include "policy/osv.h"
#include "sbom/text.h"

namespace bomwatch::policy {

namespace {

using diff::Change;
using diff::ChangeKind;
using sbom::Component;
using sbom::kNone;

// How a component of the new build relates to the old one.
struct NewState {
    enum class Presence : std::uint8_t { SameVersion, Added, VersionChanged } presence = Presence::SameVersion;
    std::uint32_t change = kNone;  // the added / versionChanged change
};

std::string label_of(const Component& c) {
    std::string label = diff::name_of(c);
    if (!c.version.empty()) label.append(" ").append(c.version.view());
    return label;
}

std::string step_words(const Change& change) {
    switch (change.step) {
        case sbom::VersionStep::Major: return "a major step";
        case sbom::VersionStep::Minor: return "a minor step";
        case sbom::VersionStep::Patch: return "a patch step";
        case sbom::VersionStep::Prerelease: return "a pre-release step";
        case sbom::VersionStep::Other: break;
    }
    return "a change of version text only";
}

// Copyleft licence families (strong and weak): introducing one changes what a user of the build
// must do.
bool is_copyleft_id(std::string_view id) {
    static constexpr std::string_view kPrefixes[] = {"gpl-", "lgpl-", "agpl-", "mpl-", "epl-", "eupl-", "cddl-", "osl-",
                                                     "cc-by-sa-", "sspl-", "cpal-", "rpl-", "gfdl-", "cecill-", "ms-rl",
                                                     "sleepycat", "qpl-", "apsl-"};
    std::string lower(id);
    for (char& ch : lower) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    for (std::string_view prefix : kPrefixes)
        if (lower.starts_with(prefix)) return true;
    return false;
}

// Whether a canonical licence expression obliges copyleft: some operand of an AND is copyleft,
// and every alternative of an OR does (a user who may pick "MIT" from "MIT OR GPL-3.0" need not
// take the GPL). Free-text names are judged by the words a copyleft licence's name has.
bool requires_copyleft(std::string_view text, bool is_name) {
    if (is_name) {
        for (std::string_view words : {"General Public License", "GPL", "Mozilla Public", "Eclipse Public", "Affero", "ShareAlike"})
            if (text.find(words) != std::string_view::npos) return true;
        return false;
    }
    // Split at the top-level " OR "; each alternative requires copyleft when one of its ids is.
    // (Parentheses nest alternatives inside AND: treated as requiring when any id inside is.)
    int depth = 0;
    bool all_alternatives = true, current = false, any_alternative = false;
    std::size_t i = 0;
    auto finish_alternative = [&] {
        all_alternatives = all_alternatives && current;
        any_alternative = true;
        current = false;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '(') ++depth, ++i;
        else if (c == ')') --depth, ++i;
        else if (c == ' ') ++i;
        else {
            std::size_t end = i;
            while (end < text.size() && text[end] != ' ' && text[end] != '(' && text[end] != ')') ++end;
            const std::string_view word = text.substr(i, end - i);
            if (word == "OR" && depth == 0) finish_alternative();
            else if (is_copyleft_id(word)) current = true;
            i = end;
        }
    }
    finish_alternative();
    return any_alternative && all_alternatives;
}

class Judge {
public:
    Judge(const diff::Changes& changes, const JudgeOptions& options)
        : changes_(changes), options_(options), old_(*changes.old_doc), new_(*changes.new_doc) {}

    Findings run() {
        map_new_components();
        for (std::uint32_t i = 0; i < changes_.changes.size(); ++i) judge_change(i);
        if (options_.osv != nullptr) judge_advisories();
        apply_policy();
        sort_findings();
        return std::move(out_);
    }

private:
    void map_new_components() {
        state_.assign(new_.components.size(), {});
        for (std::uint32_t i = 0; i < changes_.changes.size(); ++i) {
            const Change& change = changes_.changes[i];
            NewState::Presence presence;
            if (change.kind == ChangeKind::Added) presence = NewState::Presence::Added;
            else if (change.kind == ChangeKind::VersionChanged) presence = NewState::Presence::VersionChanged;
            else continue;
            for (std::uint32_t member : changes_.new_artifacts[change.new_artifact].members) state_[member] = {presence, i};
        }
    }

    Finding& add(Rule rule, std::uint32_t change, const Component& c, bool in_new, std::string message) {
        Finding& f = out_.items.emplace_back();
        f.rule = rule;
        f.severity = default_severity(rule);
        f.change = change;
        f.in_new = in_new;
        f.component = static_cast<std::uint32_t>(&c - (in_new ? new_ : old_).components.data());
        f.name = diff::name_of(c);
        f.reference = diff::reference_of(c);
        f.message = std::move(message);
        return f;
    }

    void judge_change(std::uint32_t index) {
        const Change& change = changes_.changes[index];
        const Component* x = diff::old_component(changes_, change);
        const Component* y = diff::new_component(changes_, change);
        const std::string name = y ? diff::name_of(*y) : x ? diff::name_of(*x) : std::string();
        switch (change.kind) {
            case ChangeKind::Added: judge_added(index, change, *y); break;
            case ChangeKind::Removed:
                add(Rule::Removed, index, *x, false, label_of(*x) + " was removed.")
                    .evidence.push_back({"oldVersion", std::string(x->version)});
                break;
            case ChangeKind::VersionChanged: judge_version(index, change, *x, *y); break;
            case ChangeKind::HashChanged: judge_integrity(index, change, *x, *y); break;
            case ChangeKind::HashWeakened: {
                const bool dropped = change.field == "dropped";
                Finding& f = add(Rule::HashWeakened, index, *y, true,
                                 dropped ? label_of(*y) + " no longer states any hash (it had " + std::string(change.old_value) + ")."
                                         : label_of(*y) + " is now hashed only with " + std::string(change.new_value) +
                                               " (it had " + std::string(change.old_value) + ").");
                f.evidence = {{"oldAlgorithms", std::string(change.old_value)}, {"newAlgorithms", std::string(change.new_value)}};
                break;
            }
            case ChangeKind::LicenseChanged: {
                const bool copyleft = requires_copyleft(change.new_value, y->license.is_name) &&
                                      !requires_copyleft(change.old_value, x->license.is_name);
                Finding& f = add(Rule::LicenseChanged, index, *y, true,
                                 name + "'s licence changed from " + std::string(change.old_value) + " to " +
                                     std::string(change.new_value) + (copyleft ? ", which is copyleft." : "."));
                if (copyleft) f.severity = Severity::Medium;
                f.evidence = {{"oldLicense", std::string(change.old_value)}, {"newLicense", std::string(change.new_value)}};
                if (copyleft) f.evidence.push_back({"copyleftIntroduced", "true"});
                break;
            }
            case ChangeKind::SupplierChanged: {
                Finding& f = add(Rule::SupplierChanged, index, *y, true,
                                 name + "'s " + std::string(change.field) + " changed from " + std::string(change.old_value) +
                                     " to " + std::string(change.new_value) + ".");
                f.evidence = {{"field", std::string(change.field)}, {"old", std::string(change.old_value)}, {"new", std::string(change.new_value)}};
                break;
            }
            case ChangeKind::SourceChanged: {
                static constexpr auto words = [](std::string_view field) -> std::string {
                    if (field == "download") return "download location";
                    if (field == "vcs") return "source repository";
                    return "package repository";
                };
                Finding& f = add(Rule::SourceChanged, index, *y, true,
                                 name + "'s " + words(change.field) + " changed from " + std::string(change.old_value) +
                                     " to " + std::string(change.new_value) + ".");
                f.evidence = {{"field", std::string(change.field)}, {"old", std::string(change.old_value)}, {"new", std::string(change.new_value)}};
                break;
            }
            case ChangeKind::ScopeChanged: {
                Finding& f = add(Rule::ScopeChanged, index, *y, true,
                                 name + "'s scope changed from " + std::string(change.old_value) + " to " +
                                     std::string(change.new_value) + ".");
                f.evidence = {{"oldScope", std::string(change.old_value)}, {"newScope", std::string(change.new_value)}};
                break;
            }
            case ChangeKind::EdgeAdded:
            case ChangeKind::EdgeRemoved: break;  // the added and removed packages carry what matters
        }
    }

    // The root, the packages between, the package; a path longer than kMaxPath keeps its ends and
    // says how many it left out between (a crafted SBOM can chain thousands of new packages, and
    // each would carry the whole chain).
    static constexpr std::size_t kMaxPath = 32;
    std::vector<std::string> path_to(const Change& change, const Component& c) const {
        std::vector<std::string> path;
        if (!change.reachable) return path;
        if (const Component* root = new_.root_component()) path.push_back(label_of(*root));
        const auto& via = change.introduced_via;
        const std::size_t keep = kMaxPath - 4;  // the root, the first, the ellipsis, the package
        if (via.size() <= keep + 1) {
            for (std::uint32_t node : via) path.push_back(label_of(new_.components[node]));
        } else {
            path.push_back(label_of(new_.components[via.front()]));
            path.push_back("… " + std::to_string(via.size() - keep) + " more …");
            for (std::size_t i = via.size() - (keep - 1); i < via.size(); ++i) path.push_back(label_of(new_.components[via[i]]));
        }
        path.push_back(label_of(c));
        return path;
    }

    void judge_added(std::uint32_t index, const Change& change, const Component& c) {
        const std::vector<std::string> path = path_to(change, c);
        auto with_path = [&](Finding& f) -> Finding& {
            f.path = path;
            f.evidence.push_back({"newVersion", std::string(c.version)});
            return f;
        };
        bool in_update = false;
        if (!change.reachable) {
            with_path(add(Rule::NewTransitiveDependency, index, c, true,
                          label_of(c) + " is new, and nothing in the dependency graph leads to it."));
        } else if (change.introduced_via.empty()) {
            with_path(add(Rule::NewDirectDependency, index, c, true, label_of(c) + " is a new direct dependency."));
        } else {
            const Component& parent = new_.components[change.introduced_via.back()];
            const NewState& parent_state = state_[change.introduced_via.back()];
            const Change* parent_change = parent_state.change == kNone ? nullptr : &changes_.changes[parent_state.change];
            // Not the pattern: a parent without a version (a binary or a folder, as syft lists
            // them) tells nothing about an update; an operating system's release brings packages
            // as a matter of course; a downgrade is its own finding.
            if (parent.version.empty() || parent.type == "operating-system") {
            } else if (parent_state.presence == NewState::Presence::SameVersion) {
                in_update = true;
                Finding& f = with_path(add(Rule::NewDependencyInUpdate, index, c, true,
                                           label_of(c) + " is new, pulled in by " + label_of(parent) +
                                               ", whose version did not change."));
                f.evidence.push_back({"parent", diff::reference_of(parent)});
            } else if (parent_state.presence == NewState::Presence::VersionChanged && parent_change->direction == diff::Direction::Up &&
                       parent_change->step != sbom::VersionStep::Major) {
                in_update = true;
                const Component& old_parent = *diff::old_component(changes_, *parent_change);
                Finding& f = with_path(add(Rule::NewDependencyInUpdate, index, c, true,
                                           label_of(c) + " is new, pulled in by " + diff::name_of(parent) + ", whose update " +
                                               std::string(old_parent.version) + " → " + std::string(parent.version) + " is only " +
                                               step_words(*parent_change) + "."));
                f.evidence.push_back({"parent", diff::reference_of(parent)});
                f.evidence.push_back({"parentOldVersion", std::string(old_parent.version)});
                f.evidence.push_back({"parentStep", std::string(diff::step_name(parent_change->step))});
            }
            if (!in_update)
                with_path(add(Rule::NewTransitiveDependency, index, c, true,
                              label_of(c) + " is new, pulled in by " + label_of(parent) + "."));
        }
        if (!c.ecosystem.empty()) {
            if (!confusion_) {
                confusion_.emplace();
                for (const Component& known : old_.components)
                    if (!known.ecosystem.empty()) confusion_->add_known(known.ecosystem, known.namespace_, known.name);
            }
            if (auto imitation = confusion_->imitates(c.ecosystem, c.namespace_, c.name)) {
                Finding& f = with_path(add(Rule::NameConfusion, index, c, true,
                                           diff::name_of(c) + " is new, and its name imitates " + imitation->target + " (" +
                                               imitation->how + "), " +
                                               (imitation->popular ? "a popular " + std::string(c.ecosystem) + " package."
                                                                   : "a package already in the build.")));
                f.evidence.push_back({"imitates", imitation->target});
                f.evidence.push_back({"how", imitation->how});
            }
        }
        if (sbom::is_prerelease(c.version_scheme, c.version))
            with_path(add(Rule::PrereleaseVersion, index, c, true, label_of(c) + " is new, at a pre-release version."));
    }

    void judge_version(std::uint32_t index, const Change& change, const Component& x, const Component& y) {
        const std::string name = diff::name_of(y);
        const std::string versions = std::string(x.version) + " → " + std::string(y.version);
        Finding* f;
        if (change.direction == diff::Direction::Down)
            f = &add(Rule::VersionDowngrade, index, y, true, name + " went down from " + std::string(x.version) + " to " + std::string(y.version) + ".");
        else if (change.step == sbom::VersionStep::Major)
            f = &add(Rule::MajorUpdate, index, y, true, name + " went up a major version, " + versions + ".");
        else
            f = &add(Rule::VersionUpdate, index, y, true, name + " went up " + step_words(change) + ", " + versions + ".");
        f->evidence = {{"oldVersion", std::string(x.version)}, {"newVersion", std::string(y.version)},
                       {"step", std::string(diff::step_name(change.step))}};
        if (sbom::is_prerelease(y.version_scheme, y.version) && !sbom::is_prerelease(x.version_scheme, x.version)) {
            std::vector<Evidence> evidence = f->evidence;  // copied first: add() may move the findings
            add(Rule::PrereleaseVersion, index, y, true, name + " moved to a pre-release version, " + versions + ".").evidence =
                std::move(evidence);
        }
    }

    void judge_integrity(std::uint32_t index, const Change& change, const Component& x, const Component& y) {
        // The strongest algorithm both state whose digests differ, for the evidence.
        const auto& old_art = changes_.old_artifacts[change.old_artifact];
        const auto& new_art = changes_.new_artifacts[change.new_artifact];
        std::optional<sbom::Hash> old_digest, new_digest;
        for (std::uint32_t a : old_art.members)
            for (const sbom::Hash& h : old_.hashes_of(old_.components[a]))
                for (std::uint32_t b : new_art.members)
                    for (const sbom::Hash& g : new_.hashes_of(new_.components[b])) {
                        if (g.algorithm != h.algorithm || g.digest == h.digest) continue;
                        if (old_digest && sbom::hash_strength(old_digest->algorithm) >= sbom::hash_strength(h.algorithm)) continue;
                        old_digest = h;
                        new_digest = g;
                    }
        std::string algorithm = old_digest ? std::string(sbom::hash_algorithm_name(old_digest->algorithm)) : "hash";
        Finding& f = add(Rule::IntegrityDrift, index, y, true,
                         label_of(y) + " has a different " + algorithm + " digest than the same version in the old build: " +
                             "it was republished, tampered with or mirrored wrongly.");
        f.evidence = {{"version", std::string(y.version)}};
        if (old_digest) {
            f.evidence.push_back({"algorithm", algorithm});
            f.evidence.push_back({"oldDigest", old_digest->hex()});
            f.evidence.push_back({"newDigest", new_digest->hex()});
        }
        (void)x;
    }

    // known-malicious for every component of the new build (a database updated since the last
    // build must still be heard); known-vulnerable only for versions this diff brings in, since
    // a vulnerability that was there before is a scanner's report, not drift.
    void judge_advisories() {
        for (const diff::Artifact& artifact : changes_.new_artifacts) {
            const std::uint32_t member = artifact.first();
            const Component& c = new_.components[member];
            if (c.ecosystem.empty() || c.version.empty() || member == new_.root) continue;
            const NewState& state = state_[member];
            const bool brought_in = state.presence != NewState::Presence::SameVersion;
            for (const Advisory* advisory : options_.osv->affecting(c.ecosystem, c.namespace_, c.name, c.version)) {
                if (!advisory->malicious && !brought_in) continue;
                std::string message = label_of(c) + (advisory->malicious ? " is listed as malicious by " : " is affected by ") + advisory->id;
                if (!advisory->aliases.empty() && !advisory->malicious) message += " (" + advisory->aliases.front() + ")";
                message += advisory->summary.empty() ? std::string(".") : ": " + advisory->summary + (advisory->summary.ends_with('.') ? "" : ".");
                Finding& f = add(advisory->malicious ? Rule::KnownMalicious : Rule::KnownVulnerable, state.change, c, true, std::move(message));
                if (!advisory->malicious) f.severity = parse_severity(advisory->severity).value_or(Severity::High);
                f.evidence = {{"advisory", advisory->id}, {"version", std::string(c.version)}};
                std::string aliases;
                for (const std::string& alias : advisory->aliases) aliases += (aliases.empty() ? "" : ", ") + alias;
                if (!aliases.empty()) f.evidence.push_back({"aliases", aliases});
                if (!advisory->summary.empty()) f.evidence.push_back({"summary", advisory->summary});
                if (!advisory->severity.empty()) f.evidence.push_back({"advisorySeverity", advisory->severity});
            }
        }
    }

    const Component& component_of(const Finding& f) const { return (f.in_new ? new_ : old_).components[f.component]; }

    void apply_policy() {
        const Policy* policy = options_.policy;
        std::vector<Finding> kept;
        kept.reserve(out_.items.size());
        for (Finding& f : out_.items) {
            const Component& c = component_of(f);
            const std::string_view purl = purl_without_version(c.purl);
            if (!options_.only.empty() && std::find(options_.only.begin(), options_.only.end(), f.rule) == options_.only.end()) {
                ++out_.ignored;
                continue;
            }
            if (policy != nullptr) {
                // As with expected entries, a compromise rule is ignored only where an entry names it.
                const bool ignored = std::any_of(policy->ignore.begin(), policy->ignore.end(), [&](const IgnoreEntry& e) {
                    const bool rule_matches = e.rule ? *e.rule == f.rule : !is_compromise_rule(f.rule);
                    return rule_matches && (!e.purl || e.purl->matches(purl));
                });
                if (ignored) {
                    ++out_.ignored;
                    continue;
                }
                if (const auto& severity = policy->severity[static_cast<std::size_t>(f.rule)]) f.severity = *severity;
                cover(*policy, f, c, purl);
            }
            (f.expected ? out_.expected_by_severity : out_.unexpected_by_severity)[static_cast<std::size_t>(f.severity)]++;
            kept.push_back(std::move(f));
        }
        out_.items = std::move(kept);
    }

    // Marks a finding expected when a live `expected` entry covers it; when only expired ones
    // would, says so in the finding.
    void cover(const Policy& policy, Finding& f, const Component& c, std::string_view purl) const {
        const ExpectedEntry* expired = nullptr;
        for (const ExpectedEntry& e : policy.expected) {
            const bool rule_covered = e.rules.empty() ? !is_compromise_rule(f.rule)
                                                      : std::find(e.rules.begin(), e.rules.end(), f.rule) != e.rules.end();
            if (!rule_covered || !e.purl.matches(purl)) continue;
            if (e.version && !e.version->contains(c.version)) continue;
            if (!e.expires.empty() && e.expires < options_.today) {
                if (!expired) expired = &e;
                continue;
            }
            f.expected = true;
            f.expected_reason = e.reason;
            return;
        }
        if (expired) {
            f.message += " An expected entry (" + policy.source + ":" + std::to_string(expired->line) +
                         ") covered this until " + expired->expires + ".";
            f.evidence.push_back({"expiredEntry", policy.source + ":" + std::to_string(expired->line)});
        }
    }

    void sort_findings() {
        std::stable_sort(out_.items.begin(), out_.items.end(), [](const Finding& a, const Finding& b) {
            if (a.severity != b.severity) return a.severity > b.severity;
            if (a.rule != b.rule) return a.rule < b.rule;
            if (a.name != b.name) return a.name < b.name;
            return a.reference < b.reference;
        });
    }

    const diff::Changes& changes_;
    const JudgeOptions& options_;
    const sbom::Document& old_;
    const sbom::Document& new_;
    std::vector<NewState> state_;
    std::optional<NameConfusion> confusion_;
    Findings out_;
};

}  // namespace

Findings judge(const diff::Changes& changes, const JudgeOptions& options) { return Judge(changes, options).run(); }

std::string today_utc() { return sbom::utc_now_text("%Y-%m-%d"); }

}  // namespace bomwatch::policy
