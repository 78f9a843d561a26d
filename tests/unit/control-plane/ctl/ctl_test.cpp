#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "control-plane/ctl/client.hpp"
#include "control-plane/ctl/server.hpp"

namespace ravelin::cp::ctl {
namespace {

// A real server on a real unix socket, its io_context on a thread of its own.
class ctl_test : public ::testing::Test {
protected:
    void SetUp() override {
        _dir = std::filesystem::temp_directory_path() / ("ravelin-ctl-" + std::to_string(getpid()));
        _path = (_dir / "sub" / "ctl.sock").string();
        _server = std::make_unique<server>(_io, [](const std::string& command, const json& args) -> json {
            if (command == "echo") return args;
            if (command == "fail") throw command_error("no such connection 'x'");
            throw command_error("unknown command '" + command + "'");
        });
        ASSERT_TRUE(_server->listen(_path).has_value());
        _thread = std::thread([this] { _io.run(); });
    }
    void TearDown() override {
        _io.stop();
        _thread.join();
        _server.reset();
        std::filesystem::remove_all(_dir);
    }

    boost::asio::io_context _io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> _work{_io.get_executor()};
    std::filesystem::path _dir;
    std::string _path;
    std::unique_ptr<server> _server;
    std::thread _thread;
};

TEST_F(ctl_test, round_trips_a_command_and_its_arguments) {
    const auto outcome = call(_path, "echo", {{"connection", "site-a"}, {"child", "net"}});
    ASSERT_TRUE(outcome.ok) << outcome.error;
    EXPECT_EQ(outcome.result["connection"], "site-a");
    EXPECT_EQ(outcome.result["child"], "net");
}

TEST_F(ctl_test, handler_errors_reach_the_client) {
    const auto outcome = call(_path, "fail");
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.error, "no such connection 'x'");
    EXPECT_EQ(call(_path, "bogus").error, "unknown command 'bogus'");
}

TEST_F(ctl_test, socket_is_private_to_its_owner) {
    const auto permissions = std::filesystem::status(_path).permissions();
    EXPECT_EQ(permissions & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST(ctl_client, reports_an_unreachable_daemon) {
    const auto outcome = call("/nonexistent/ravelin.sock", "stats");
    EXPECT_FALSE(outcome.ok);
    EXPECT_NE(outcome.error.find("cannot reach ravelin-ike at /nonexistent/ravelin.sock"), std::string::npos);
}

TEST(ctl_request_line, malformed_requests_get_an_error_not_a_crash) {
    const server::handler echo = [](const std::string&, const json& args) { return args; };
    for (const char* line : {"", "{", "[]", "{\"command\": 5}", "{\"args\": {}}", "\xff\xfe"}) {
        const json reply = json::parse(handle_request_line(line, echo));
        EXPECT_FALSE(reply["ok"].get<bool>()) << line;
        EXPECT_TRUE(reply["error"].is_string()) << line;
    }
    const json ok = json::parse(handle_request_line("{\"command\": \"x\"}", echo));
    EXPECT_TRUE(ok["ok"].get<bool>());
    EXPECT_EQ(ok["result"], json::object());
}

}  // namespace
}  // namespace ravelin::cp::ctl
