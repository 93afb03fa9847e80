#include "evolve/settle.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace t2s {

void OrderBySupport(std::vector<Edit>* edits) {
  std::stable_sort(edits->begin(), edits->end(), [](const Edit& a, const Edit& b) {
    size_t sa = Support(a), sb = Support(b);
    return sa != sb ? sa > sb : a.id < b.id;
  });
}

void ExplainConflicts(const std::vector<Edit>& edits, std::vector<EditOutcome>* outcomes) {
  std::map<std::string, const Edit*> by_id;
  for (const Edit& e : edits) by_id.emplace(e.id, &e);
  for (size_t i = 0; i < outcomes->size() && i < edits.size(); ++i) {
    EditOutcome& o = (*outcomes)[i];
    for (const char* prefix : {"overlaps edit ", "repeats edit "}) {
      if (o.applied || o.reason.rfind(prefix, 0) != 0) continue;
      std::string rest = o.reason.substr(std::string_view(prefix).size());
      auto winner = by_id.find(rest.substr(0, rest.find(' ')));
      if (winner == by_id.end()) continue;
      o.reason = fmt::format("conflicts with {}, support {} vs {}: {}", winner->first,
                             Support(edits[i]), Support(*winner->second), o.reason);
    }
  }
}

}  // namespace t2s
