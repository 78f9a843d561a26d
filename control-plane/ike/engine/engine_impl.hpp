#pragma once
// engine::impl: the table of IKE SAs and the dispatch of datagrams and timers
// to them. receive.cpp holds the inbound path, engine.cpp the rest.

#include <map>
#include <memory>
#include <tuple>

#include "control-plane/ike/codec/message.hpp"
#include "control-plane/ike/engine/context.hpp"
#include "control-plane/ike/engine/engine.hpp"
#include "control-plane/ike/engine/ike_sa.hpp"

namespace ravelin::cp::ike {

// The first entry of an address list that is an IP address.
std::optional<common::ip_address> first_address(const std::vector<std::string>& list);

struct engine::impl {
    impl(engine_io& io, sad::sad& southbound, config::daemon_config config, engine_options options)
        : ctx{io, southbound, std::move(config), options, {}, 1, 1, {}, 1, {}, {}, {}} {
        ctx.find_sa = [this](std::uint64_t spi) { return find(spi); };
    }

    engine_context ctx;
    std::map<std::uint64_t, std::unique_ptr<ike_sa>> sas;  // by our SPI
    // Responder SAs before IKE_AUTH, by what identifies a retransmitted IKE_SA_INIT.
    using half_open_key = std::tuple<std::uint64_t, common::ip_address, std::uint16_t>;
    std::map<half_open_key, std::uint64_t> half_open;
    // start_action=trap: the policies installed for each trapped child, by reqid.
    struct trap_entry {
        std::string connection, child;
        std::vector<sad::policy_spec> policies;
    };
    std::map<std::uint32_t, trap_entry> traps;

    // receive.cpp
    void receive(const endpoint& local, const endpoint& remote, common::bytes_view datagram);
    void on_init_request(const endpoint& local, const endpoint& remote, common::bytes_view datagram,
                         const message& request);
    void on_response(ike_sa& sa, const endpoint& local, const endpoint& remote, common::bytes_view datagram,
                     const message& response);
    void on_request(ike_sa& sa, const endpoint& local, const endpoint& remote, common::bytes_view datagram,
                    const message& request);
    std::optional<std::vector<payload>> open(ike_sa& sa, common::bytes_view datagram, const message& m);
    void dispatch_request(ike_sa& sa, const message& request, const std::vector<payload>& payloads);
    void after_task(ike_sa& sa, std::unique_ptr<task> done, task_outcome outcome);
    void initial_contact(const ike_sa& sa);
    void authenticated_from(ike_sa& sa, const endpoint& local, const endpoint& remote);

    // engine.cpp
    ike_sa* find(std::uint64_t spi);
    ike_sa& add(std::unique_ptr<ike_sa> sa);
    void destroy(std::uint64_t spi, std::string_view why);
    void tick_one(ike_sa& sa, time_point now);
    common::result<void> initiate(const config::connection_config& conn, std::string_view child);
    // lifetimes.cpp: rekey and expiry timers, the end of replaced SAs, traps
    void tick_lifetimes(ike_sa& sa, time_point now);
    [[nodiscard]] time_point lifetime_deadline(const ike_sa& sa) const;
    void retire_due(time_point now);
    void adopt();
    void close(ike_sa& sa);
    void expire_child(ike_sa& sa, sad::spi spi_in);
    void queue_child_rekey(ike_sa& sa, child_sa& child);
    void install_trap(const config::connection_config& conn, const config::child_config& child);
    // Trap policies for the configuration's start_action=trap children, again.
    void reinstall_traps();
    ike_sa* established_for(std::string_view connection);
    void drop(std::string_view reason) { ctx.count("drops." + std::string(reason)); }
};

}  // namespace ravelin::cp::ike
