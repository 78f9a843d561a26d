#pragma once
// ravelin-ike's protocol engine, sans-IO: datagrams and time go in, datagrams
// and SAD calls come out. One engine owns every IKE SA and runs on one thread
// (docs/ARCHITECTURE.md); nothing here blocks.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/result.hpp"
#include "control-plane/config/model.hpp"
#include "control-plane/ike/engine/io.hpp"
#include "control-plane/ike/engine/status.hpp"
#include "control-plane/sad/sad.hpp"

namespace ravelin::cp::ike {

struct engine_options {
    // RFC 7296 §2.1 retransmission: strongSwan's defaults.
    std::chrono::milliseconds retransmit_timeout{4000};
    double retransmit_base = 1.8;
    unsigned retransmit_tries = 5;
    // RFC 7296 §2.6: answer with COOKIE once this many SAs are half-open.
    unsigned cookie_threshold = 10;
    // RFC 7383: fragment messages larger than this (IP datagram size).
    std::size_t fragment_size = 1280;
    // Operator flag: show Child SA keys in list-sas (never logged).
    bool expose_keys = false;
};

class engine {
public:
    engine(engine_io& io, sad::sad& southbound, config::daemon_config config, engine_options options = {});
    ~engine();
    engine(const engine&) = delete;
    engine& operator=(const engine&) = delete;

    // One IKE message as received (non-ESP marker already stripped on 4500).
    void receive(const endpoint& local, const endpoint& remote, common::bytes_view message);
    // Run every timer due at io.now(): retransmissions, DPD, rekeying, expiry.
    void tick();
    // When tick() next has work; time_point::max() when nothing is scheduled.
    [[nodiscard]] time_point next_deadline() const;

    // Start start_action=start children; install trap policies (called once after construction).
    void start();
    // Operator requests (ravelinctl). Errors name what was not found.
    common::result<void> initiate(std::string_view connection, std::string_view child);
    common::result<void> terminate_ike(std::uint32_t unique_id);
    common::result<void> terminate_connection(std::string_view connection);
    // Rekey now (ravelinctl rekey): the IKE SA with this unique id (RFC 7296
    // §2.18), or the Child SA with this reqid (§2.8; the reqid survives rekeys).
    common::result<void> rekey_ike(std::uint32_t unique_id);
    common::result<void> rekey_child(std::uint32_t reqid);

    // Dataplane events (sad::ring_sad): a Child SA's byte or packet limit was
    // reached, soft (rekey) or hard (delete it; its policies stay, so nothing
    // leaves in cleartext, and a new Child SA is negotiated); a packet hit the
    // trap policy with this reqid (start_action=trap: negotiate its Child SA).
    enum class expiry { soft, hard };
    void on_expiry(sad::spi spi, sad::direction dir, expiry kind);
    void on_acquire(std::uint32_t reqid);
    // Apply a new configuration: keep the SAs of unchanged connections, close
    // the SAs of removed ones, start new start_action=start children.
    void reload(config::daemon_config config);

    [[nodiscard]] std::vector<ike_sa_status> list_sas() const;
    [[nodiscard]] std::vector<connection_status> list_connections() const;
    [[nodiscard]] engine_stats stats() const;
    [[nodiscard]] sa_summary summarize_sas() const;

private:
    struct impl;
    std::unique_ptr<impl> _impl;
};

}  // namespace ravelin::cp::ike
