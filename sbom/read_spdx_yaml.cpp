// SPDX 2.x YAML. (Being written: see issue 3.)
#include "sbom/read.h"

namespace bomwatch::sbom {

void read_spdx_yaml(InputStream& in, Document&, const ReadOptions&) {
    throw InputError(in.source(), "is SPDX YAML, which this version of bomwatch cannot read yet");
}

}  // namespace bomwatch::sbom
