// A finding's fingerprint: the same finding gets the same one in every run, whatever file or SBOM
// format it came from. SARIF's partialFingerprints and the alert sinks' "already sent" records
// both use it.
#pragma once

#include <string>

#include "diff/changes.h"
#include "policy/finding.h"

namespace bomwatch::policy {

// 16 lower-case hex digits (XXH3-64 of the rule id, the identity, the version and the evidence
// that tells findings apart).
std::string fingerprint(const diff::Changes& changes, const Finding& finding);

}  // namespace bomwatch::policy
