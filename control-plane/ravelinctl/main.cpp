// ravelinctl: the operator's command line for ravelin-ike, over its control socket.
//   ravelinctl list-sas [--json]          like swanctl --list-sas
//   ravelinctl list-conns [--json]        like swanctl --list-conns
//   ravelinctl initiate --child NAME [--ike CONN]
//   ravelinctl terminate --ike CONN | --ike-id N
//   ravelinctl rekey --ike-id N | --child-id REQID
//   ravelinctl reload | stats [--json]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "control-plane/ctl/client.hpp"
#include "control-plane/ravelinctl/render.hpp"

namespace {

using ravelin::cp::ctl::json;

struct options {
    std::string socket = "/run/ravelin/ravelin.sock";
    bool as_json = false;
    std::string child;
    std::string connection;
    int ike_id = -1;
    int child_id = -1;
    int timeout_seconds = 30;
};

int run(const options& opts, const std::string& command, const json& args, std::string (*render)(const json&)) {
    const auto outcome = ravelin::cp::ctl::call(opts.socket, command, args, std::chrono::seconds(opts.timeout_seconds));
    if (!outcome.ok) {
        std::cerr << "ravelinctl " << command << ": " << outcome.error << "\n";
        return 1;
    }
    if (opts.as_json || render == nullptr) {
        std::cout << outcome.result.dump(2) << "\n";
    } else {
        std::cout << render(outcome.result);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"ravelinctl: operate ravelin-ike"};
    options opts;
    app.add_option("--socket,-s", opts.socket, "control socket of ravelin-ike");
    app.require_subcommand(1);

    auto* list_sas = app.add_subcommand("list-sas", "IKE and Child SAs");
    list_sas->add_flag("--json", opts.as_json, "machine-readable output");
    auto* list_conns = app.add_subcommand("list-conns", "configured connections and whether they are up");
    list_conns->add_flag("--json", opts.as_json, "machine-readable output");
    auto* initiate = app.add_subcommand("initiate", "negotiate a Child SA (and its IKE SA if needed)");
    initiate->add_option("--child,-c", opts.child, "child name")->required();
    initiate->add_option("--ike,-i", opts.connection, "connection name (default: the one that has the child)");
    initiate->add_option("--timeout,-t", opts.timeout_seconds, "seconds to wait for the outcome");
    auto* terminate = app.add_subcommand("terminate", "delete an IKE SA with its Child SAs");
    terminate->add_option("--ike,-i", opts.connection, "every IKE SA of this connection");
    terminate->add_option("--ike-id,-I", opts.ike_id, "the IKE SA with this unique id");
    auto* rekey = app.add_subcommand("rekey", "rekey an IKE SA or a Child SA now");
    rekey->add_option("--ike-id,-I", opts.ike_id, "the IKE SA with this unique id");
    rekey->add_option("--child-id,-C", opts.child_id, "the Child SA with this reqid (list-sas shows it)");
    auto* reload = app.add_subcommand("reload", "re-read the configuration (the last good one stays on error)");
    auto* stats = app.add_subcommand("stats", "counters since start");
    stats->add_flag("--json", opts.as_json, "machine-readable output");
    CLI11_PARSE(app, argc, argv);

    using namespace ravelin::cp::ctl;
    if (*list_sas) return run(opts, "list-sas", json::object(), render_sas);
    if (*list_conns) return run(opts, "list-conns", json::object(), render_connections);
    if (*stats) return run(opts, "stats", json::object(), render_stats);
    if (*reload) return run(opts, "reload", json::object(), nullptr);
    if (*initiate) return run(opts, "initiate", {{"child", opts.child}, {"connection", opts.connection}}, nullptr);
    if (*terminate) {
        if (opts.connection.empty() == (opts.ike_id < 0)) {
            std::cerr << "ravelinctl terminate: give exactly one of --ike or --ike-id\n";
            return 2;
        }
        json args = opts.connection.empty() ? json{{"ike", opts.ike_id}} : json{{"connection", opts.connection}};
        return run(opts, "terminate", args, nullptr);
    }
    if (*rekey) {
        if ((opts.ike_id < 0) == (opts.child_id < 0)) {
            std::cerr << "ravelinctl rekey: give exactly one of --ike-id or --child-id\n";
            return 2;
        }
        return run(opts, "rekey", opts.ike_id >= 0 ? json{{"ike", opts.ike_id}} : json{{"child", opts.child_id}}, nullptr);
    }
    return 2;
}
