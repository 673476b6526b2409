// SPDX 2.3 tag-value carrying the same document as the JSON rendering: the same packages, ids,
// checksums, external refs and relationships. The two sides are written as two real tools
// write the syntax, so that a reader meets both:
// - old: syft (through spdx/tools-golang): "##### Package:" comment headers and blank lines
//   between packages, every relationship at the end, <text> only around values with a line break;
// - new: the SPDX Java tools (the shape of the specification's own example): "## ..." section
//   comments, DESCRIBES right after the creation information, each package's relationships
//   right after the package, free text (source info, a multi-line creator comment) in <text>.
#include <string>
#include <string_view>
#include <vector>

#include "bench/gen/document.h"
#include "bench/gen/spdx_layout.h"

namespace bench {

namespace {

constexpr std::size_t kFlushAt = 1 << 20;

// Buffered "Tag: value" lines.
class TagValueOut {
public:
    explicit TagValueOut(std::FILE* out) : out_(out) { buffer_.reserve(kFlushAt + 4096); }

    // "Tag: value"; a value with a line break goes in <text>, the syntax's only quoting.
    void field(std::string_view tag, std::string_view value) {
        if (value.find('\n') != std::string_view::npos) text_field(tag, value);
        else line(tag, value);
    }
    // "Tag: <text>value</text>", which may span lines.
    void text_field(std::string_view tag, std::string_view value) {
        buffer_.append(tag);
        buffer_.append(": <text>");
        buffer_.append(value);
        buffer_.append("</text>\n");
        flush_if_full();
    }
    // A comment or blank line, as given.
    void raw(std::string_view text) {
        buffer_.append(text);
        buffer_.push_back('\n');
        flush_if_full();
    }
    bool finish() {
        if (out_ == nullptr) return !failed_;
        write_buffer();
        if (std::fflush(out_) != 0) failed_ = true;
        out_ = nullptr;
        return !failed_;
    }
    ~TagValueOut() { finish(); }

private:
    void line(std::string_view tag, std::string_view value) {
        buffer_.append(tag);
        buffer_.append(": ");
        buffer_.append(value);
        buffer_.push_back('\n');
        flush_if_full();
    }
    void flush_if_full() {
        if (buffer_.size() >= kFlushAt) write_buffer();
    }
    void write_buffer() {
        if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) failed_ = true;
        buffer_.clear();
    }

    std::FILE* out_;
    bool failed_ = false;
    std::string buffer_;
};

class SpdxTagValueWriter {
public:
    SpdxTagValueWriter(const Pair& pair, Side side, std::FILE* out)
        : pair_(pair), side_(side), layout_(pair, side), out_(out), syft_(side == Side::old_build) {}

    bool write() {
        const DocumentStamp stamp = document_stamp(pair_, side_);
        if (syft_) write_syft_header(stamp);
        else write_java_tools_header(stamp);
        if (!syft_) group_relationships();
        for (const int entry : layout_.package_entries()) {
            if (syft_) {
                out_.raw("##### Package: " + package_name(entry));
                out_.raw("");
            } else {
                out_.raw("");
                out_.raw("## Package Information");
            }
            if (entry == SpdxLayout::kRoot) write_root_package();
            else write_package(entry);
            if (syft_) out_.raw("");
            else write_relationships_of(entry);
        }
        if (syft_) {
            out_.raw("##### Relationships");
            out_.raw("");
            for (const SpdxLayout::Relationship& r : layout_.relationships()) write_relationship(r);
            out_.raw("");
        }
        return out_.finish();
    }

private:
    void write_syft_header(const DocumentStamp& stamp) {
        out_.field("SPDXVersion", "SPDX-2.3");
        out_.field("DataLicense", "CC0-1.0");
        out_.field("SPDXID", layout_.id(SpdxLayout::kDocument));
        out_.field("DocumentName", pair_.application.name);
        out_.field("DocumentNamespace", spdx_namespace(pair_, stamp));
        out_.field("LicenseListVersion", kSpdxLicenseListVersion);
        for (const char* creator : kSpdxCreators) out_.field("Creator", creator);
        out_.field("Created", utc_timestamp(stamp.unix_time));
        out_.raw("");
    }

    void write_java_tools_header(const DocumentStamp& stamp) {
        out_.field("SPDXVersion", "SPDX-2.3");
        out_.field("DataLicense", "CC0-1.0");
        out_.field("DocumentNamespace", spdx_namespace(pair_, stamp));
        out_.field("DocumentName", pair_.application.name);
        out_.field("SPDXID", layout_.id(SpdxLayout::kDocument));
        out_.raw("");
        out_.raw("## Creation Information");
        for (const char* creator : kSpdxCreators) out_.field("Creator", creator);
        out_.field("Created", utc_timestamp(stamp.unix_time));
        out_.field("CreatorComment", "Packages catalogued from the application directory.\n"
                                     "Relationships are those the package managers record.");
        out_.field("LicenseListVersion", kSpdxLicenseListVersion);
    }

    std::string package_name(int entry) const {
        return entry == SpdxLayout::kRoot ? pair_.application.name : display_name(pair_.package_of(entry));
    }

    void write_root_package() {
        const Package& app = pair_.application;
        out_.field("PackageName", app.name);
        out_.field("SPDXID", layout_.id(SpdxLayout::kRoot));
        out_.field("PackageVersion", pair_.application_version);
        out_.field("PackageSupplier", "NOASSERTION");
        out_.field("PackageDownloadLocation", "NOASSERTION");
        out_.field("PrimaryPackagePurpose", "APPLICATION");
        out_.field("FilesAnalyzed", "false");
        out_.field("PackageLicenseConcluded", "NOASSERTION");
        out_.field("PackageLicenseDeclared", license_at(app.license).spdx);
        out_.field("PackageCopyrightText", "NOASSERTION");
        out_.field("ExternalRef", "PACKAGE-MANAGER purl " + purl_of(app, pair_.application_version));
    }

    void write_package(int instance) {
        const SpdxPackage p = spdx_package(pair_, side_, instance);
        out_.field("PackageName", p.name);
        out_.field("SPDXID", layout_.id(instance));
        out_.field("PackageVersion", p.version);
        out_.field("PackageSupplier", p.supplier);
        if (!p.originator.empty()) out_.field("PackageOriginator", p.originator);
        out_.field("PackageDownloadLocation", p.download_location);
        out_.field("FilesAnalyzed", "false");
        out_.field("PackageChecksum", std::string(p.checksum_algorithm) + ": " + p.checksum);
        if (syft_) out_.field("PackageSourceInfo", p.source_info);
        else out_.text_field("PackageSourceInfo", p.source_info);
        out_.field("PackageLicenseConcluded", "NOASSERTION");
        out_.field("PackageLicenseDeclared", p.license_declared);
        out_.field("PackageCopyrightText", "NOASSERTION");
        if (!p.cpe.empty()) out_.field("ExternalRef", "SECURITY cpe23Type " + p.cpe);
        out_.field("ExternalRef", "PACKAGE-MANAGER purl " + p.purl);
    }

    void write_relationship(const SpdxLayout::Relationship& r) {
        out_.field("Relationship", layout_.id(r.from) + " " + r.type + " " + layout_.id(r.to));
    }

    // Relationships by the element they start from, each group in the layout's order.
    void group_relationships() {
        by_source_.resize(pair_.instances.size() + 2);
        const std::vector<SpdxLayout::Relationship>& all = layout_.relationships();
        for (std::size_t i = 0; i < all.size(); ++i) by_source_[all[i].from + 2].push_back(static_cast<int>(i));
        write_relationships_of(SpdxLayout::kDocument);
    }

    void write_relationships_of(int entry) {
        const std::vector<int>& group = by_source_[entry + 2];
        if (group.empty()) return;
        out_.raw("## Relationships");
        for (const int index : group) write_relationship(layout_.relationships()[index]);
    }

    const Pair& pair_;
    Side side_;
    SpdxLayout layout_;
    TagValueOut out_;
    bool syft_;  // the old side's shape, else the Java tools'
    std::vector<std::vector<int>> by_source_;  // relationship indices per source (entry + 2)
};

}  // namespace

bool write_spdx_tag_value(const Pair& pair, Side side, std::FILE* out) {
    return SpdxTagValueWriter(pair, side, out).write();
}

}  // namespace bench
