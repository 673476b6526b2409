// Reading an SBOM file into the model, whatever its format.
#pragma once

#include <string>

#include "sbom/input.h"
#include "sbom/model.h"

namespace bomwatch::sbom {

struct ReadOptions {
    bool strict = false;   // warnings become errors
    ProgressFn progress{};  // called as the file is read
};

// Reads `path` ("-" for stdin; plain or gzip), detecting the format from the content.
// Throws InputError (file, position, problem) when it cannot.
Document read_sbom(const std::string& path, const ReadOptions& options = {});
// The same for an already opened input (one made with InputStream::from_text, say).
Document read_sbom(InputStream& in, const ReadOptions& options = {});

// The readers, one per format, for an already opened and detected input. Each fills `doc`
// through a DocumentBuilder and throws InputError on what cannot be read.
void read_cyclonedx_json(InputStream& in, Document& doc, const ReadOptions& options);
void read_cyclonedx_xml(InputStream& in, Document& doc, const ReadOptions& options);
void read_spdx_json(InputStream& in, Document& doc, const ReadOptions& options);
void read_spdx_tag_value(InputStream& in, Document& doc, const ReadOptions& options);
void read_spdx_yaml(InputStream& in, Document& doc, const ReadOptions& options);
void read_spdx_xml(InputStream& in, Document& doc, const ReadOptions& options);
void read_spdx_rdf_xml(InputStream& in, Document& doc, const ReadOptions& options);
void read_spdx3_jsonld(InputStream& in, Document& doc, const ReadOptions& options);

}  // namespace bomwatch::sbom
