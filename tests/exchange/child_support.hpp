#pragma once
// Helpers of the CREATE_CHILD_SA, rekey, collision and lifetime tests: an
// established pair, the Child SAs each side lists, whether both sides agree on
// their SPIs and keys, and where a SAD call sits in the recorded order.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "tests/exchange/harness.hpp"

namespace ravelin::cp::ike::test {

constexpr std::uint8_t exchange_create_child_sa = 36;
constexpr std::uint8_t exchange_informational = 37;

inline void establish(network& net) {
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    ASSERT_TRUE(net.b.established());
}

inline std::vector<child_sa_status> children_of(const peer& p) {
    std::vector<child_sa_status> out;
    for (const auto& sa : p.eng.list_sas()) {
        for (const auto& c : sa.children) out.push_back(c);
    }
    return out;
}

inline const sad::sa_spec* installed_sa(const peer& p, std::uint32_t spi, sad::direction dir) {
    const auto& all = p.southbound.installed();
    const auto it = std::find_if(all.rbegin(), all.rend(),
                                 [&](const sad::sa_spec& s) { return s.id.value == spi && s.dir == dir; });
    return it == all.rend() ? nullptr : &*it;
}

// "add_sa esp in 0x0000c001": the start of a recorded call.
inline std::string call(const char* op, sad::direction dir, std::uint32_t spi) {
    char text[64];
    std::snprintf(text, sizeof text, "%s esp %s 0x%08x", op, dir == sad::direction::inbound ? "in" : "out", spi);
    return text;
}

// Position of the first recorded call starting with `prefix`; -1 when absent.
inline long position(const peer& p, const std::string& prefix) {
    const auto& calls = p.southbound.calls();
    for (std::size_t i = 0; i < calls.size(); ++i) {
        if (calls[i].rfind(prefix, 0) == 0) return static_cast<long>(i);
    }
    return -1;
}

// Each Child SA of `a` has its twin at `b` (SPIs swapped), and the keys of each
// direction are equal on both sides and in the SADs.
inline void expect_children_agree(const peer& a, const peer& b, std::size_t count) {
    const auto ca = children_of(a);
    const auto cb = children_of(b);
    ASSERT_EQ(ca.size(), count);
    ASSERT_EQ(cb.size(), count);
    for (const auto& x : ca) {
        const auto twin = std::find_if(cb.begin(), cb.end(), [&](const child_sa_status& y) {
            return y.spi_in == x.spi_out && y.spi_out == x.spi_in;
        });
        ASSERT_NE(twin, cb.end()) << "no twin of " << x.spi_in;
        for (const auto& [from, to, spi] : {std::tuple{&a, &b, x.spi_out}, std::tuple{&b, &a, x.spi_in}}) {
            const auto* out = installed_sa(*from, spi, sad::direction::outbound);
            const auto* in = installed_sa(*to, spi, sad::direction::inbound);
            ASSERT_NE(out, nullptr);
            ASSERT_NE(in, nullptr);
            EXPECT_TRUE(out->encryption_key == in->encryption_key);
            EXPECT_TRUE(out->integrity_key == in->integrity_key);
            EXPECT_FALSE(out->encryption_key.empty());
        }
    }
}

}  // namespace ravelin::cp::ike::test
