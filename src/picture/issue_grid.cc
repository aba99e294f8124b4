#include "parley/picture/issue_grid.h"

#include <algorithm>
#include <cmath>

#include "parley/core/text.h"

namespace parley::picture {
namespace {

struct StateLook {
  const char* fill;
  const char* text;
  const char* stroke;
};

StateLook Look(IssueState state) {
  switch (state) {
    case IssueState::kNotOpen:
      return {"#FFFFFF", "#777777", "#C8C8C8"};
    case IssueState::kOpen:
      return {"#E4E4E4", "#333333", "#FFFFFF"};
    case IssueState::kProposed:
      return {"#B9DDF2", "#10324A", "#FFFFFF"};
    case IssueState::kAgreedInDraft:
      return {kOrange, "#000000", "#FFFFFF"};
    case IssueState::kReopened:
      return {kVermillion, "#FFFFFF", "#FFFFFF"};
    case IssueState::kFinal:
      return {kGreen, "#FFFFFF", "#FFFFFF"};
  }
  return {"#FFFFFF", "#000000", "#FFFFFF"};
}

/// Rough width of text at `font_size` in DejaVu Sans (0.6 em a character): enough to lay out.
double TextWidth(std::string_view text, double font_size) {
  size_t chars = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++chars;  // count UTF-8 code points
  return static_cast<double>(chars) * font_size * 0.6;
}

/// `text` cut to fit `width` at `font_size`, with an ellipsis when cut.
std::string Fit(const std::string& text, double width, double font_size) {
  if (TextWidth(text, font_size) <= width) return text;
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 &&
        TextWidth(out + "…", font_size) + font_size * 0.6 > width)
      break;
    out += text[i];
  }
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
  if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
  return out.empty() ? std::string() : out + "…";
}

}  // namespace

std::string_view IssueStateLabel(IssueState state) {
  switch (state) {
    case IssueState::kNotOpen:
      return "not open";
    case IssueState::kOpen:
      return "open";
    case IssueState::kProposed:
      return "proposed";
    case IssueState::kAgreedInDraft:
      return "agreed in draft";
    case IssueState::kReopened:
      return "reopened";
    case IssueState::kFinal:
      return "final";
  }
  return "?";
}

Figure RenderIssueTimeline(const IssueTimeline& t, double max_width) {
  double label_width = 80;
  for (const IssueRow& row : t.rows)
    label_width = std::max(label_width, TextWidth(row.name, 12) + 16);
  label_width = std::min(label_width, 220.0);
  const size_t ncols = std::max<size_t>(t.columns.size(), 1);
  const double cell_w =
      std::clamp((max_width - label_width) / static_cast<double>(ncols), 12.0, 96.0);
  const double cell_h = 26, header_h = 34, group_h = 20;
  const bool values_fit = cell_w >= 44;
  // Label every k-th column so headings do not collide.
  double heading_w = 0;
  for (const std::string& c : t.columns) heading_w = std::max(heading_w, TextWidth(c, 11) + 6);
  const size_t every =
      std::max<size_t>(1, static_cast<size_t>(std::ceil(heading_w / std::max(cell_w, 1.0))));

  std::string s = "<g class=\"issue-grid\" font-size=\"11\">\n";
  if (!t.title.empty()) {
    s += "<text class=\"chart-title\" x=\"0\" y=\"14\" font-size=\"13\" font-weight=\"bold\">" +
         EscapeMarkup(t.title) + "</text>\n";
  }
  const double x0 = label_width, y0 = (t.title.empty() ? 0 : 22) + header_h;
  s += "<g class=\"columns\" fill=\"#333\">";
  s += "<text x=\"" + Num(x0 - 8) + "\" y=\"" + Num(y0 - 10) +
       "\" text-anchor=\"end\" font-style=\"italic\">round</text>";
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (c % every != 0 && c + 1 != t.columns.size()) continue;
    if (c + 1 == t.columns.size() && c % every != 0 && (c % every) * cell_w < heading_w) continue;
    s += "<text class=\"column\" x=\"" + Num(x0 + (c + 0.5) * cell_w) + "\" y=\"" + Num(y0 - 10) +
         "\" text-anchor=\"middle\">" + EscapeMarkup(t.columns[c]) + "</text>";
  }
  s += "</g>\n";

  double y = y0;
  std::string group;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const IssueRow& row = t.rows[r];
    if (r == 0 || row.group != group) {
      group = row.group;
      if (!group.empty()) {
        s += "<text class=\"group\" x=\"0\" y=\"" + Num(y + 14) +
             "\" font-size=\"11.5\" font-weight=\"bold\" fill=\"#444\">track: " +
             EscapeMarkup(group) + "</text>\n";
        y += group_h;
      }
    }
    s += "<g class=\"issue-row\" data-issue=\"" + EscapeMarkup(row.name) + "\">";
    s += "<text class=\"issue\" x=\"" + Num(x0 - 8) + "\" y=\"" + Num(y + cell_h / 2 + 4) +
         "\" text-anchor=\"end\" font-size=\"12\">" +
         EscapeMarkup(Fit(row.name, label_width - 12, 12)) + "</text>";
    for (size_t c = 0; c < row.cells.size() && c < ncols; ++c) {
      const IssueCell& cell = row.cells[c];
      const StateLook look = Look(cell.state);
      const double cx = x0 + c * cell_w;
      std::string tip = row.name + ", round " + (c < t.columns.size() ? t.columns[c] : "?") + ": " +
                        std::string(IssueStateLabel(cell.state));
      if (!cell.value.empty()) tip += "\nvalue: " + cell.value;
      if (cell.proposer && *cell.proposer < t.parties.size())
        tip += "\nproposed by " + t.parties[*cell.proposer];
      if (cell.conditions > 0)
        tip += "\n" + std::to_string(cell.conditions) + " condition" +
               (cell.conditions == 1 ? "" : "s") + " pending";
      if (!cell.tip.empty()) tip += "\n" + cell.tip;
      s += "<g class=\"cell\" data-state=\"" + std::string(IssueStateLabel(cell.state)) + "\">";
      s += "<rect x=\"" + Num(cx + 0.5) + "\" y=\"" + Num(y + 0.5) + "\" width=\"" +
           Num(cell_w - 1) + "\" height=\"" + Num(cell_h - 1) + "\" fill=\"" + look.fill +
           "\" stroke=\"" + look.stroke + "\"" +
           (cell.state == IssueState::kNotOpen ? " stroke-dasharray=\"2 2\"" : "") + "/>";
      if (cell.proposer && *cell.proposer < t.parties.size()) {
        s += "<circle class=\"proposer\" cx=\"" + Num(cx + 6) + "\" cy=\"" + Num(y + 6) +
             "\" r=\"3.6\" fill=\"" + PartyColour(*cell.proposer) +
             "\" stroke=\"white\" stroke-width=\"1\"/>";
      }
      if (cell.conditions > 0) {
        s += "<path class=\"condition\" d=\"M" + Num(cx + cell_w - 9) + " " + Num(y + 1) + " L" +
             Num(cx + cell_w - 1) + " " + Num(y + 1) + " L" + Num(cx + cell_w - 1) + " " +
             Num(y + 9) + " Z\" fill=\"#000000\"/>";
      }
      if (values_fit && !cell.value.empty()) {
        s += "<text x=\"" + Num(cx + cell_w / 2) + "\" y=\"" + Num(y + cell_h / 2 + 4) +
             "\" text-anchor=\"middle\" font-size=\"10\" fill=\"" + look.text + "\">" +
             EscapeMarkup(Fit(cell.value, cell_w - 8, 10)) + "</text>";
      }
      s += "<title>" + EscapeMarkup(tip) + "</title></g>";
    }
    s += "</g>\n";
    y += cell_h;
  }

  // The final votes, under the column of the round they happened in.
  if (!t.votes.empty()) {
    y += 6;
    s += "<g class=\"votes\"><text x=\"" + Num(x0 - 8) + "\" y=\"" + Num(y + cell_h / 2 + 4) +
         "\" text-anchor=\"end\" font-size=\"12\" font-weight=\"bold\">package vote</text>";
    // Labels go inside the box when the column is wide enough, else under the row, staggered
    // on two lines where neighbours would collide.
    const bool inside = cell_w >= 26;
    double last_label_x = -1e9;
    int stagger = 0, lines_used = 0;
    for (const PackageVote& v : t.votes) {
      const double cx = x0 + v.column * cell_w;
      size_t yes = 0;
      std::string tip = "vote on the whole package, round " +
                        (v.column < t.columns.size() ? t.columns[v.column] : "?") + ": " +
                        (v.passed ? "ratified" : "rejected");
      for (const Ballot& b : v.ballots) {
        yes += b.accepted;
        tip += "\n" + (b.party < t.parties.size() ? t.parties[b.party] : "?") + ": " +
               (b.accepted ? "yes" : "no");
      }
      const std::string label = std::to_string(yes) + "/" + std::to_string(v.ballots.size());
      s += "<g class=\"vote\" data-passed=\"" + std::string(v.passed ? "true" : "false") + "\">";
      s += "<rect x=\"" + Num(cx + 1) + "\" y=\"" + Num(y + 1) + "\" width=\"" +
           Num(std::max(cell_w - 2, 2.0)) + "\" height=\"" + Num(cell_h - 2) + "\" fill=\"" +
           (v.passed ? kGreen : "#FFFFFF") + "\" stroke=\"" + (v.passed ? kGreen : kVermillion) +
           "\" stroke-width=\"2\"/>";
      const double label_x = cx + cell_w / 2;
      double label_y = y + cell_h / 2 + 4;
      if (!inside) {
        stagger = label_x - last_label_x < 26 ? 1 - stagger : 0;
        last_label_x = label_x;
        lines_used = std::max(lines_used, stagger + 1);
        label_y = y + cell_h + 12 + 12 * stagger;
      }
      s += "<text x=\"" + Num(label_x) + "\" y=\"" + Num(label_y) +
           "\" text-anchor=\"middle\" font-size=\"10\" fill=\"" +
           (inside && v.passed ? "#FFFFFF" : "#000000") + "\">" + label + "</text>";
      s += "<title>" + EscapeMarkup(tip) + "</title></g>";
    }
    y += 13.0 * lines_used;
    s += "</g>\n";
    y += cell_h;
    // Ballots written out for the last vote, so the picture tells who said no without hovering.
    const PackageVote& last = t.votes.back();
    std::string line = "last vote (round " +
                       (last.column < t.columns.size() ? t.columns[last.column] : "?") + "):";
    s += "<g class=\"ballots\" font-size=\"11.5\">";
    double bx = x0 + TextWidth(line, 11.5) + 8;
    s += "<text x=\"" + Num(x0) + "\" y=\"" + Num(y + 16) + "\">" + EscapeMarkup(line) + "</text>";
    for (const Ballot& b : last.ballots) {
      const std::string name = b.party < t.parties.size() ? t.parties[b.party] : "?";
      s += "<g class=\"ballot\" data-accepted=\"" + std::string(b.accepted ? "true" : "false") +
           "\">" +
           ShapePath(b.accepted ? Shape::kCircle : Shape::kCross, bx + 5, y + 12, 5,
                     b.accepted ? kGreen : kVermillion, "#000000") +
           "<text x=\"" + Num(bx + 14) + "\" y=\"" + Num(y + 16) + "\">" +
           EscapeMarkup(name + (b.accepted ? " yes" : " no")) + "</text></g>";
      bx += TextWidth(name + " yes", 11.5) + 30;
    }
    s += "</g>\n";
    y += 24;
  }
  if (!t.notes.empty()) {
    s += "<g class=\"notes\" font-size=\"11.5\" fill=\"#333\">";
    for (const std::string& note : t.notes) {
      y += 17;
      s += "<text x=\"0\" y=\"" + Num(y) + "\">" + EscapeMarkup(note) + "</text>";
    }
    s += "</g>\n";
    y += 6;
  }
  s += "</g>\n";
  double width = x0 + ncols * cell_w + 4;
  for (const std::string& note : t.notes) width = std::max(width, TextWidth(note, 11.5) + 8);
  return {s, width, y + 4};
}

Figure IssueTimelineLegend(const IssueTimeline& t, int columns) {
  std::vector<LegendEntry> entries;
  for (IssueState state : {IssueState::kNotOpen, IssueState::kOpen, IssueState::kProposed,
                           IssueState::kAgreedInDraft, IssueState::kReopened, IssueState::kFinal}) {
    const StateLook look = Look(state);
    entries.push_back(BoxEntry(std::string(IssueStateLabel(state)), look.fill,
                               state == IssueState::kNotOpen ? "#999999" : "#777777"));
  }
  entries.push_back({"condition pending", "<path d=\"M-6 -6 L6 -6 L6 6 Z\" fill=\"#000000\"/>"});
  for (size_t i = 0; i < t.parties.size(); ++i) {
    entries.push_back(
        {"proposed by " + t.parties[i],
         "<circle r=\"4.5\" fill=\"" + std::string(PartyColour(i)) + "\" stroke=\"white\"/>"});
  }
  return RenderLegend(entries, columns, 205, "Issue states");
}

}  // namespace parley::picture
