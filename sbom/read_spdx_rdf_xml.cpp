// SPDX 2.x RDF/XML. (Being written: see issue 3.)
#include "sbom/read.h"

namespace bomwatch::sbom {

void read_spdx_rdf_xml(InputStream& in, Document&, const ReadOptions&) {
    throw InputError(in.source(), "is SPDX RDF/XML, which this version of bomwatch cannot read yet");
}

}  // namespace bomwatch::sbom
