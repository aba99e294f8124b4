#include "parley/talks/talks_setup.h"

#include "parley/talks/talks_views.h"

namespace parley {

Result<NewTalks> SetUpTalks(Ledger& ledger, const TalksInfo& info, const Scenario& scenario,
                            std::optional<std::string> profiles_date) {
  NewTalks out;
  PARLEY_ASSIGN_OR_RETURN(out.info, ledger.CreateTalks(info, scenario));
  if (profiles_date) {
    std::vector<LedgerEntry> profiles;
    for (size_t p = 0; p < scenario.parties.size(); ++p) {
      const Profile& profile = scenario.parties[p].profile;
      if (!profile.IsAdditive() || profile.additive().weights.empty()) continue;
      LedgerEntry entry;
      entry.kind = EntryKind::kProfile;
      entry.date = *profiles_date;
      entry.party = p;
      entry.profile = profile;
      entry.profile_origin = "estimated";
      entry.source_kind = "record";
      entry.source = "scenario " + (scenario.name.empty() ? info.source : scenario.name);
      profiles.push_back(std::move(entry));
      ++out.profiles;
    }
    PARLEY_RETURN_IF_ERROR(ledger.AppendAll(out.info.id, std::move(profiles)));
  }
  PARLEY_ASSIGN_OR_RETURN(out.mediator_token,
                          ledger.IssueToken(out.info.id, std::nullopt, "mediator"));
  for (size_t p = 0; p < scenario.parties.size(); ++p) {
    PARLEY_ASSIGN_OR_RETURN(std::string token,
                            ledger.IssueToken(out.info.id, p, scenario.parties[p].name));
    out.party_tokens.push_back(std::move(token));
  }
  return out;
}

namespace {

// One entry of the example history, written with names so that it reads like the report.
struct HistoryItem {
  EntryKind kind;
  const char* date;
  int round;                            // 0: none
  const char* party;                    // "": the mediator / every party of the track
  std::vector<const char*> values;      // "issue=value", or issue names for reopenings
  std::vector<const char*> conditions;  // ParseCondition syntax
  const char* text;
  const char* source_kind;
  const char* source;
  const char* title = "";
  const char* place = "";
  const char* end_date = "";
};

constexpr const char* kReport = "Alwaght news report, March 2019 (seed/doha-talks-2019.txt)";

std::vector<HistoryItem> DohaHistory() {
  using K = EntryKind;
  return {
      {K::kRound,
       "2019-01-21",
       0,
       "",
       {},
       {},
       "An earlier round of discussions, also held in Doha, in January. The report says only "
       "'January'; the dates 21-26 January are the ledger keeper's, from the press of the time.",
       "report",
       kReport,
       "January round: US-Taliban talks",
       "Doha, Qatar",
       "2019-01-26"},
      {K::kProposal,
       "2019-01-26",
       1,
       "",
       {},
       {},
       "Draft framework, focused on a potential US troop withdrawal and a pact to prevent "
       "Afghanistan from harbouring terrorists.",
       "report",
       "\"The marathon January talks saw the US and the Taliban walk away with a "
       "'draft framework'\" (Alwaght)"},
      {K::kRound,
       "2019-02-25",
       0,
       "",
       {},
       {},
       "The two sides resumed talks after making progress in January; 16 days of negotiations "
       "in Qatar's capital.",
       "report",
       kReport,
       "February-March round: 16 days of US-Taliban talks",
       "Doha, Qatar",
       "2019-03-12"},
      {K::kPosition,
       "2019-03-12",
       2,
       "United States",
       {},
       {},
       "Peace will require both sides to fully address four core issues: counterterrorism "
       "assurances, troop withdrawal, intra-Afghan dialogue and a comprehensive cease-fire; "
       "the Taliban have agreed to this.",
       "statement",
       "Robert Palladino, US State Department spokesman"},
      {K::kPosition,
       "2019-03-12",
       2,
       "United States",
       {},
       {},
       "President Trump intends to reduce the number of US forces in Afghanistan.",
       "statement",
       "President Donald Trump, as reported by Alwaght"},
      {K::kPosition,
       "2019-03-12",
       2,
       "Taliban",
       {"troop_withdrawal=half-timing-open"},
       {},
       "The US promised to withdraw half of its troops, although the timing of the pullout has "
       "not been finalised. The Taliban want agreement on four issues for any deal to be signed.",
       "statement",
       "the Taliban, as reported by Alwaght"},
      {K::kPosition,
       "2019-03-12",
       2,
       "Taliban",
       {},
       {"if ceasefire=ceasefire-with-us|comprehensive then "
        "troop_withdrawal=full-timing-open|full-in-18-months|full-in-14-months"},
       "The group will announce a ceasefire with the US only after foreign forces leave the "
       "country.",
       "statement",
       "a senior Taliban commander familiar with the talks (unnamed), to Alwaght"},
      {K::kPosition,
       "2019-03-12",
       2,
       "Afghan government",
       {},
       {"intra_afghan_dialogue=inclusive-with-government|government-led"},
       "No peace deal between the Taliban and the United States can be finalised without "
       "involving the Afghan government.",
       "statement",
       "President Ashraf Ghani, repeatedly"},
      {K::kAgreement,
       "2019-03-12",
       2,
       "",
       {"counter_terrorism=written-guarantee"},
       {},
       "Agreement in draft on effective counterterrorism measures ('real strides'), not "
       "finalised. The value is the ledger keeper's reading of the January framework's 'pact to "
       "prevent Afghanistan from harboring terrorists'.",
       "statement",
       "Zalmay Khalilzad, US special envoy, on Twitter"},
      {K::kProposal,
       "2019-03-12",
       2,
       "United States",
       {"intra_afghan_dialogue=inclusive-with-government"},
       {},
       "When the agreement in draft about a withdrawal timeline and effective counterterrorism "
       "measures is finalized, the Taliban and other Afghans, including the government, will "
       "begin intra-Afghan negotiations on a political settlement and comprehensive ceasefire.",
       "statement",
       "Zalmay Khalilzad, US special envoy, on Twitter"},
      {K::kNote,
       "2019-03-12",
       2,
       "",
       {},
       {},
       "The round ended with 'real strides' but without an agreement on troop withdrawals. Next: "
       "discussions in Washington and consultations with other partners; another round is "
       "possible later this month. 'There is no final agreement until everything is agreed.'",
       "statement",
       "Zalmay Khalilzad, US special envoy, on Twitter"},
  };
}

}  // namespace

Result<NewTalks> ImportDohaHistory(Ledger& ledger, const Scenario& doha, std::string_view name) {
  TalksInfo info;
  info.name = std::string(name);
  info.title = "US-Taliban talks in Doha, January-March 2019";
  info.description =
      "The 2019 Doha talks as reported by the press (seed/doha-talks-2019.txt), on the "
      "structure of the built-in scenario doha-2019. Profiles are that scenario's illustrative "
      "numbers, recorded as estimates.";
  info.source = "built-in history doha-2019";
  // Resolve every name first, so that a scenario that does not match leaves nothing behind.
  const auto history = DohaHistory();
  std::vector<LedgerEntry> entries;
  for (const HistoryItem& item : history) {
    LedgerEntry entry;
    entry.kind = item.kind;
    entry.date = item.date;
    if (item.round > 0) entry.round = item.round;
    if (*item.party) {
      auto party = doha.FindParty(item.party);
      if (!party)
        return Error::BadInput("the scenario has no party '" + std::string(item.party) +
                                   "' that the Doha history needs",
                               doha.source, 0, "parties");
      entry.party = *party;
    }
    for (const char* value : item.values) {
      auto parsed = ParseAssignment(value, doha.space);
      if (!parsed) {
        Error error = parsed.error();
        error.message = "the Doha history does not fit the scenario: " + error.message;
        return error;
      }
      entry.values.push_back(*parsed);
    }
    for (const char* condition : item.conditions) {
      auto parsed = ParseCondition(condition, doha.space);
      if (!parsed) {
        Error error = parsed.error();
        error.message = "the Doha history does not fit the scenario: " + error.message;
        return error;
      }
      entry.conditions.push_back(std::move(*parsed));
    }
    entry.text = item.text;
    entry.source_kind = item.source_kind;
    entry.source = item.source;
    entry.title = item.title;
    entry.place = item.place;
    entry.end_date = item.end_date;
    entries.push_back(std::move(entry));
  }
  // Profiles are dated at the opening of the first round: the mediator's estimates going in.
  PARLEY_ASSIGN_OR_RETURN(NewTalks out, SetUpTalks(ledger, info, doha, "2019-01-21"));
  PARLEY_RETURN_IF_ERROR(ledger.AppendAll(out.info.id, std::move(entries)));
  return out;
}

}  // namespace parley
