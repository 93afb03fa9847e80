// One card per edit that reached the new skill (applied, or routed to
// references/): its diff hunk, support, the lessons behind it and its
// source trajectories, so a reviewer sees why each line changed.
#ifndef T2S_REPORT_EDIT_CARDS_H_
#define T2S_REPORT_EDIT_CARDS_H_

#include <string>

#include "report/evolve_files.h"

namespace t2s {

// <section id="edits">: a card (id "edit-<ID>") per provenance edit, in
// order; "none" when no edit was applied.
std::string EditCardsHtml(const EvolveFiles& f);

}  // namespace t2s

#endif  // T2S_REPORT_EDIT_CARDS_H_
