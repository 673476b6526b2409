// Where the tests find their inputs.
#pragma once

#include <string>

namespace bomwatch::test {

inline std::string shared(const std::string& relative) { return std::string(BOMWATCH_SHARED_DIR) + "/" + relative; }
inline std::string corpus(const std::string& relative) { return shared("sbom-corpus/" + relative); }
inline std::string testdata(const std::string& relative) { return std::string(BOMWATCH_TESTDATA_DIR) + "/" + relative; }

}  // namespace bomwatch::test
