// SPDX 3.0 JSON-LD. (Being written: see issue 3.)
#include "sbom/read.h"

namespace bomwatch::sbom {

void read_spdx3_jsonld(InputStream& in, Document&, const ReadOptions&) {
    throw InputError(in.source(), "is SPDX 3 JSON-LD, which this version of bomwatch cannot read yet");
}

}  // namespace bomwatch::sbom
