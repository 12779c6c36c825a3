// Logging facade: the rest of the hub logs through these macros so the
// backend (spdlog) can change in one place.
#pragma once

#include <spdlog/spdlog.h>

#define MDM_LOG_DEBUG(...) ::spdlog::debug(__VA_ARGS__)
#define MDM_LOG_INFO(...) ::spdlog::info(__VA_ARGS__)
#define MDM_LOG_WARN(...) ::spdlog::warn(__VA_ARGS__)
#define MDM_LOG_ERROR(...) ::spdlog::error(__VA_ARGS__)
