#include "hub/api/text_limits.h"

#include "absl/strings/str_cat.h"
#include "hub/common/errors.h"

namespace mdm::api {

absl::Status CheckTextLengths(std::initializer_list<TextField> fields) {
  for (const TextField& f : fields) {
    if (f.value.size() > f.max_bytes) {
      return FieldError(f.path, absl::StrCat("at most ", f.max_bytes,
                                             " bytes, got ", f.value.size()));
    }
  }
  return absl::OkStatus();
}

}  // namespace mdm::api
