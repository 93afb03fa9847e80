#include "testing/schema_ref.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace t2s::testing {

const nlohmann::json* ResolveSchemaRef(const nlohmann::json& root, const nlohmann::json& ref) {
  if (!ref.is_string() || !root.is_object()) return nullptr;
  const std::string& r = ref.get_ref<const std::string&>();
  if (r == "#") return &root;
  for (std::string_view table : {"$defs", "definitions"}) {
    std::string prefix = "#/" + std::string(table) + "/";
    if (r.rfind(prefix, 0) != 0) continue;
    auto defs = root.find(table);
    if (defs == root.end() || !defs->is_object()) return nullptr;
    auto target = defs->find(r.substr(prefix.size()));
    return target == defs->end() ? nullptr : &*target;
  }
  return nullptr;
}

}  // namespace t2s::testing
