// The JSON the renderers write (internal to alerts/): members in the order written (readable, and
// deterministic), compact, and invalid UTF-8 replaced rather than thrown on.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace bomwatch::alerts::text {

using Json = nlohmann::ordered_json;

inline std::string dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace bomwatch::alerts::text
