// Any bytes as a stream of 256-byte command records from a misbehaving
// ravelin-ike: the applier refuses what is malformed, never crashes, and its
// SPI index always agrees with the SAs it holds.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "dataplane/ctl/applier.hpp"
#include "tests/unit/dataplane/ipsec/eal_env.hpp"

namespace {
namespace shm = ravelin::common::shm;
namespace ctl = ravelin::dp::ctl;

// tests/fuzz/dp/make_seeds.py writes records at these offsets.
static_assert(offsetof(shm::command_record, kind) == 8);
static_assert(offsetof(shm::command_record, body) == 16);
static_assert(offsetof(shm::sa_record, counter_slot) == 8);
static_assert(offsetof(shm::sa_record, protocol) == 16);
static_assert(offsetof(shm::sa_record, dir) == 17);

class counting_backend final : public ctl::sa_backend {
public:
    ctl::install_result install(const shm::sa_record& sa) override {
        if (sa.encryption_id == 0xffff) return {ravelin::dp::lookup::no_sa, shm::command_error::unsupported};
        ++live;
        return {next++ % 4096, shm::command_error::none};
    }
    void remove(std::uint32_t) override { --live; }
    ctl::sa_usage usage(std::uint32_t) const override { return {}; }
    std::uint32_t next = 0;
    int live = 0;
};

shm::segment& segment() {
    static shm::segment s = [] {
        const std::string name = "/ravelin-fuzz-" + std::to_string(::getpid());
        auto created = shm::segment::create(name);
        if (!created) std::abort();
        shm::segment::remove(name);  // the mapping stays; nothing is left behind
        return std::move(created).value();
    }();
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (!ravelin::dp::test::init_eal()) std::abort();  // policies compile into rte_acl classifiers
    counting_backend backend;
    ctl::applier applier(segment(), backend, 64, nullptr);
    shm::ring_producer<shm::command_record, shm::command_slots> producer(segment().layout().commands);
    for (std::size_t offset = 0; offset < size; offset += sizeof(shm::command_record)) {
        shm::command_record record;
        std::memcpy(&record, data + offset, std::min(sizeof record, size - offset));
        if (!producer.try_push(record)) std::abort();
        applier.poll();
        if (static_cast<std::size_t>(backend.live) != applier.sa_count()) std::abort();
    }
    // Drain the event ring so the next input starts clean.
    shm::ring_consumer<shm::event_record, shm::event_slots> events(segment().layout().events);
    events.discard_pending();
    return 0;
}
