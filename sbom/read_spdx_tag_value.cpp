// SPDX 2.2 and 2.3 tag-value, read line by line: packages (with checksums, the purl external
// reference, licences, supplier/originator, download location), the described root, and the
// relationships that are dependency edges. Each field maps as read_spdx_json.cpp maps its JSON
// form, so one document in both syntaxes gives the same components. Files, snippets, annotations
// and licensing texts are passed over. A <text> value is read whole, so that a line in it that
// looks like a tag ("PackageName: ...") is never taken for one.
#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sbom/builder.h"
#include "sbom/diagnostics.h"
#include "sbom/read.h"
#include "sbom/spdx.h"
#include "sbom/text.h"

namespace bomwatch::sbom {

namespace {

constexpr std::string_view kTextOpen = "<text>", kTextClose = "</text>";
// A line may be longer than a kept value (a licence text on one line), but not without bound.
constexpr std::size_t kMaxLineBytes = 1 << 20;

// The tags this reader uses; every other tag is read past without a word, as tag-value has
// dozens that do not matter to a diff.
enum class Tag : std::uint8_t {
    Unknown, SpdxVersion, SpdxId, DocumentDescribes, Relationship,
    PackageName, PackageVersion, PackageSupplier, PackageOriginator, PackageDownloadLocation, PackageChecksum,
    PackageLicenseDeclared, PackageLicenseConcluded, ExternalRef, PrimaryPackagePurpose,
    FileName, SnippetSpdxId, LicenseId,
};

struct KnownTag {
    std::string_view name;
    Tag tag;
};

constexpr std::array kTags{
    KnownTag{"SPDXVersion", Tag::SpdxVersion},
    KnownTag{"SPDXID", Tag::SpdxId},
    // Not in the specification, but written by some generators (sbom4python) in place of a
    // DESCRIBES relationship: "DocumentDescribes: SPDXRef-A, SPDXRef-B".
    KnownTag{"DocumentDescribes", Tag::DocumentDescribes},
    KnownTag{"Relationship", Tag::Relationship},
    KnownTag{"PackageName", Tag::PackageName},
    KnownTag{"PackageVersion", Tag::PackageVersion},
    KnownTag{"PackageSupplier", Tag::PackageSupplier},
    KnownTag{"PackageOriginator", Tag::PackageOriginator},
    KnownTag{"PackageDownloadLocation", Tag::PackageDownloadLocation},
    KnownTag{"PackageChecksum", Tag::PackageChecksum},
    KnownTag{"PackageLicenseDeclared", Tag::PackageLicenseDeclared},
    KnownTag{"PackageLicenseConcluded", Tag::PackageLicenseConcluded},
    KnownTag{"ExternalRef", Tag::ExternalRef},
    KnownTag{"PrimaryPackagePurpose", Tag::PrimaryPackagePurpose},
    KnownTag{"FileName", Tag::FileName},
    KnownTag{"SnippetSPDXID", Tag::SnippetSpdxId},
    KnownTag{"LicenseID", Tag::LicenseId},
};

Tag tag_of(std::string_view name) {
    for (const KnownTag& known : kTags)
        if (known.name.size() == name.size() && known.name == name) return known.tag;
    return Tag::Unknown;
}

std::string_view tag_name(Tag tag) {
    for (const KnownTag& known : kTags)
        if (known.tag == tag) return known.name;
    return "?";
}

// Tags are words such as "PackageName" or "PackageLicenseConcluded"; a line whose text before
// its first colon is anything else ("see https", "Copyright (c) 2020") is not a tag line.
bool is_tag_name(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name)
        if (!ascii_alnum(c) && c != '_' && c != '-' && c != '.') return false;
    return true;
}

// The next word of `rest` (words are separated by spaces or tabs), removed from it; "" at the
// end. Runs for every relationship and external reference: memchr rather than a loop per byte.
std::string_view next_word(std::string_view& rest) {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    std::size_t end = rest.size();
    if (const void* space = std::memchr(rest.data(), ' ', end)) end = static_cast<std::size_t>(static_cast<const char*>(space) - rest.data());
    if (const void* tab = std::memchr(rest.data(), '\t', end)) end = static_cast<std::size_t>(static_cast<const char*>(tab) - rest.data());
    const std::string_view word = rest.substr(0, end);
    rest.remove_prefix(end);
    return word;
}

// What the lines being read describe: SPDXID names the document, a package, or something else.
enum class Section : std::uint8_t { Document, Package, Other };

// A line of the input: its number and the offset of its first byte, for positions in messages.
struct Place {
    std::uint64_t line = 0;
    std::uint64_t byte = 0;
};

class TagValueReader {
public:
    TagValueReader(InputStream& in, Document& doc, bool strict)
        : in_(in),
          doc_(doc),
          diagnostics_(in, doc, strict),
          // The builder warns about the package it is adding: with --strict, the error names its line.
          builder_(doc, [this](std::string where, std::string message) { warn(package_at_, std::move(where), std::move(message)); }) {}

    void read() {
        while (next_line()) {
            std::string_view content = trim(line_);
            if (here_.line == 1 && content.starts_with("\xEF\xBB\xBF")) content = trim(content.substr(3));  // a byte order mark
            if (content.empty() || content.front() == '#') continue;
            const std::size_t colon = content.find(':');
            const Tag tag = colon == std::string_view::npos ? Tag::Unknown : tag_of(content.substr(0, colon));
            if (tag == Tag::Unknown && (colon == std::string_view::npos || !is_tag_name(content.substr(0, colon)))) {
                not_a_tag_line();
                continue;
            }
            seen_tag_ = true;
            std::string_view value = trim(content.substr(colon + 1));
            if (value.starts_with(kTextOpen)) value = text_value(tag, value.substr(kTextOpen.size()));
            if (tag == Tag::Unknown) continue;
            if (value.size() > kMaxFieldBytes) too_long(tag, here_);
            on_tag(tag, value);
        }
        finish();
    }

private:
    bool next_line() {
        here_.byte = in_.offset();
        if (!in_.read_line(line_, kMaxLineBytes)) return false;
        ++here_.line;
        if (line_.size() > kMaxLineBytes)
            fail(here_, "a line longer than " + std::to_string(kMaxLineBytes / 1024) + " KiB, which no SBOM needs");
        return true;
    }

    // The value of a <text> block, `rest` being what follows "<text>" on the tag's line: up to
    // "</text>", on this line or a later one. The lines of a tag this reader does not use are
    // read past without being kept.
    std::string_view text_value(Tag tag, std::string_view rest) {
        if (const std::size_t close = rest.find(kTextClose); close != std::string_view::npos) {
            text_after_close(rest.substr(close + kTextClose.size()));
            return rest.substr(0, close);
        }
        const Place opened = here_;
        const bool keep = tag != Tag::Unknown;
        text_.clear();
        if (keep) text_.append(rest);
        while (next_line()) {
            const std::string_view line = line_;
            const std::size_t close = line.find(kTextClose);
            if (keep) {
                const std::string_view part = line.substr(0, close);
                if (text_.size() + 1 + part.size() > kMaxFieldBytes) too_long(tag, opened);
                text_ += '\n';
                text_.append(part);
            }
            if (close != std::string_view::npos) {
                text_after_close(line.substr(close + kTextClose.size()));
                return text_;
            }
        }
        fail(opened, "the <text> value opened on this line is never closed by </text>: the file ends inside it (truncated?)");
    }

    void text_after_close(std::string_view after) {
        if (!trim(after).empty()) warn(here_, at_line(here_), "text after </text> ignored");
    }

    void on_tag(Tag tag, std::string_view value) {
        switch (tag) {
        case Tag::SpdxVersion:
            // A later SPDXVersion would start another document: read on as one.
            if (!doc_.spec_version.empty()) return;
            if (!value.starts_with("SPDX-2.")) fail(here_, "SPDXVersion is '" + std::string(value) + "': not an SPDX 2 document");
            doc_.spec_version = value;
            return;
        case Tag::SpdxId:
            if (section_ == Section::Package) {
                if (raw_.ref.empty()) raw_.ref = value;
                else warn(here_, at_line(here_), "a second SPDXID for the package of line " + std::to_string(package_at_.line) + "; the first is kept");
            } else if (section_ == Section::Document && document_id_.empty()) {
                document_id_ = value;
            }
            return;
        case Tag::DocumentDescribes:
            for (std::size_t start = 0; start < value.size();) {
                const std::size_t end = std::min(value.find_first_of(", \t", start), value.size());
                if (end > start) builder_.set_root_ref(value.substr(start, end - start));
                start = end + 1;
            }
            return;
        case Tag::Relationship: return relationship(value);
        case Tag::PackageName:
            end_package();
            raw_.clear();
            license_declared_.clear();
            license_concluded_.clear();
            raw_.name = value;
            section_ = Section::Package;
            package_at_ = here_;
            return;
        case Tag::FileName:
        case Tag::SnippetSpdxId:
        case Tag::LicenseId:
            end_package();
            section_ = Section::Other;
            return;
        default: return package_field(tag, value);
        }
    }

    void package_field(Tag tag, std::string_view value) {
        if (section_ != Section::Package)
            return warn(here_, at_line(here_), std::string(tag_name(tag)) + " outside a package (no PackageName before it); ignored");
        switch (tag) {
        case Tag::PackageVersion: raw_.version = value; return;
        case Tag::PackageSupplier: raw_.supplier = value; return;
        case Tag::PackageOriginator: raw_.originator = value; return;
        case Tag::PackageDownloadLocation: (spdx::is_vcs_location(value) ? raw_.vcs : raw_.download) = value; return;
        case Tag::PackageLicenseDeclared: license_declared_ = value; return;
        case Tag::PackageLicenseConcluded: license_concluded_ = value; return;
        case Tag::PrimaryPackagePurpose:
            raw_.type = value;
            spdx::purpose_as_type(raw_.type);
            return;
        case Tag::PackageChecksum: {
            // "SHA256: 11b6d3ee..."
            const std::size_t colon = value.find(':');
            const std::string_view algorithm = trim(value.substr(0, colon));
            const std::string_view digest = colon == std::string_view::npos ? std::string_view{} : trim(value.substr(colon + 1));
            if (algorithm.empty() || digest.empty())
                return warn(here_, at_line(here_), "PackageChecksum should be 'ALGORITHM: value'; ignored");
            RawComponent::RawHash& hash = raw_.add_hash();
            hash.algorithm = algorithm;
            hash.value = digest;
            return;
        }
        case Tag::ExternalRef: {
            // "PACKAGE-MANAGER purl pkg:npm/axios@1.14.1"; older files spell the category
            // PACKAGE_MANAGER. As in JSON, the type alone decides.
            std::string_view rest = value;
            next_word(rest);
            const std::string_view type = next_word(rest);
            const std::string_view locator = trim(rest);
            if (locator.empty()) return warn(here_, at_line(here_), "ExternalRef should be 'CATEGORY TYPE LOCATOR'; ignored");
            if (type == "purl" && raw_.purl.empty()) raw_.purl = locator;
            return;
        }
        default: return;
        }
    }

    // "SPDXRef-A DEPENDS_ON SPDXRef-B"
    void relationship(std::string_view value) {
        std::string_view rest = value;
        const std::string_view element = next_word(rest), type = next_word(rest), related = next_word(rest);
        if (related.empty() || !trim(rest).empty())
            return warn(here_, at_line(here_), "Relationship should be 'ELEMENT TYPE RELATED-ELEMENT'; ignored");
        switch (spdx::edge_direction(type)) {
        case spdx::EdgeDirection::Forward: return builder_.add_edge(element, related);
        case spdx::EdgeDirection::Reverse: return builder_.add_edge(related, element);
        // As in JSON, decided at the end, once the document's own SPDXID is surely known.
        case spdx::EdgeDirection::Describes: describes_.emplace_back(element, related); return;
        case spdx::EdgeDirection::DescribedBy: describes_.emplace_back(related, element); return;
        case spdx::EdgeDirection::None: return;
        }
    }

    void end_package() {
        if (section_ != Section::Package) return;
        if (const std::string_view chosen = spdx::chosen_license(license_declared_, license_concluded_); !chosen.empty())
            raw_.license_expressions.emplace_back(chosen);
        if (raw_.ref.empty()) warn(package_at_, package_where(), "package without an SPDXID; relationships cannot name it");
        builder_.add(raw_, [this] { return package_where(); });
        builder_.reserve_for(in_.offset(), in_.plain_size());
        section_ = Section::Other;
    }

    void finish() {
        end_package();
        if (doc_.spec_version.empty()) warn(here_, "SPDXVersion", "missing; read as SPDX-2.3");
        const std::string_view document_id = document_id_.empty() ? std::string_view("SPDXRef-DOCUMENT") : document_id_;
        for (const auto& [element, related] : describes_)
            if (element == document_id) builder_.set_root_ref(related);
        builder_.finish(false);
    }

    void not_a_tag_line() {
        // Before any tag, the file is not tag-value at all, whatever the detector saw further on.
        if (!seen_tag_) fail(here_, "not SPDX tag-value: the first line with text is not 'Tag: value'");
        warn(here_, at_line(here_), "not a 'Tag: value' line, nor inside a <text> value; ignored");
    }

    [[noreturn]] void too_long(Tag tag, const Place& at) {
        fail(at, std::string(tag_name(tag)) + " value is longer than " + std::to_string(kMaxFieldBytes) +
                     " bytes (not a real SBOM field)");
    }

    static std::string at_line(const Place& at) { return "line " + std::to_string(at.line); }
    std::string package_where() const { return at_line(package_at_) + ", package"; }

    void warn(const Place& at, std::string where, std::string message) {
        diagnostics_.warn_at(Position{at.byte, at.line, 1}, std::move(where), std::move(message));
    }
    [[noreturn]] void fail(const Place& at, const std::string& message) {
        diagnostics_.fail_at(Position{at.byte, at.line, 1}, message);
    }

    InputStream& in_;
    Document& doc_;
    Diagnostics diagnostics_;
    DocumentBuilder builder_;

    std::string line_;     // the line being read, reused
    std::string text_;     // a <text> value over several lines, reused
    Place here_;           // where line_ is
    bool seen_tag_ = false;
    Section section_ = Section::Document;
    std::string document_id_;

    RawComponent raw_;     // the package being read, reused
    Place package_at_;     // where its PackageName is
    std::string license_declared_, license_concluded_;
    std::vector<std::pair<std::string, std::string>> describes_;
};

}  // namespace

void read_spdx_tag_value(InputStream& in, Document& doc, const ReadOptions& options) {
    doc.format = Format::SpdxTagValue;
    TagValueReader reader(in, doc, options.strict);
    reader.read();
}

}  // namespace bomwatch::sbom
