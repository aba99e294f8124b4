#include "parley/preference/compiled_profile.h"

namespace parley {

CompiledProfile::CompiledProfile(const Profile& profile)
    : profile_(profile),
      additive_(profile.IsAdditive()),
      has_constraints_(!profile.constraints.empty()) {
  if (!additive_) return;
  const auto& add = profile.additive();
  capped_ = add.capped;
  offsets_.push_back(0);
  for (size_t i = 0; i < add.issues.size(); ++i) {
    for (double u : add.issues[i].table) table_.push_back(add.weights[i] * u);
    offsets_.push_back(table_.size());
  }
}

}  // namespace parley
