#pragma once
// The dataplane end of a shared-memory segment for tests of ravelin-ike's side
// (ring_sad, the daemon's southbound): pops commands, pushes events.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "common/shm/segment.hpp"

namespace ravelin::cp::sad::test_support {
namespace shm = common::shm;

// The dataplane end of the segment, as ravelin-dp holds it.
struct fake_dataplane {
    explicit fake_dataplane(const std::string& name)
        : segment(shm::segment::create(name).value()),
          commands(segment.layout().commands),
          events(segment.layout().events) {}

    std::optional<shm::command_record> next() {
        shm::command_record record;
        if (!commands.try_pop(record)) return std::nullopt;
        return record;
    }
    void emit(const shm::event_record& event) { ASSERT_TRUE(events.try_push(event)); }
    // Answers queries, as ravelin-dp's main lcore does after applying what came before.
    std::size_t serve() {
        std::size_t applied = 0;
        while (auto command = next()) {
            ++applied;
            if (command->kind != shm::command_kind::query) continue;
            shm::event_record reply;
            reply.kind = shm::event_kind::query_reply;
            reply.cookie = command->cookie;
            emit(reply);
        }
        return applied;
    }

    shm::segment segment;
    shm::ring_consumer<shm::command_record, shm::command_slots> commands;
    shm::ring_producer<shm::event_record, shm::event_slots> events;
};

}  // namespace ravelin::cp::sad::test_support
