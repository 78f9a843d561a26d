// deploy/examples are configurations an operator starts from: each one loads
// without a single issue in the real loader.
#include <filesystem>

#include <gtest/gtest.h>

#include "control-plane/config/loader.hpp"

namespace ravelin::cp::config {
namespace {

TEST(deploy_examples, every_example_configuration_loads_cleanly) {
    const std::filesystem::path dir = std::filesystem::path(RAVELIN_SOURCE_DIR) / "deploy" / "examples";
    std::size_t loaded = 0;
    for (const auto& file : std::filesystem::directory_iterator(dir)) {
        if (file.path().extension() != ".yaml") continue;
        const load_result result = load_config_file(file.path().string());
        for (const auto& issue : result.issues) ADD_FAILURE() << issue.to_string();
        EXPECT_TRUE(result.config.has_value()) << file.path();
        ++loaded;
    }
    EXPECT_GE(loaded, 3u);
}

}  // namespace
}  // namespace ravelin::cp::config
