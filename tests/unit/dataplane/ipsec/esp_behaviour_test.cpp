// Engine behaviour beyond the wire format: lifetimes and their events,
// sequence-number overflow, burst partitioning across chunks, and the drop
// reasons of packets the engine cannot handle.
#include <random>

#include "esp_fixture.hpp"
#include "sa_builder.hpp"

namespace ravelin::dp::test {
namespace {

using ipsec::direction;
using ipsec::drop_reason;
using ipsec::sa_event_kind;

std::vector<bytes> packets(std::size_t n, std::size_t size = 100) {
    std::vector<bytes> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(make_udp_packet(false, size, 0, static_cast<std::uint8_t>(i)));
    return out;
}

class esp_behaviour : public esp_fixture {};

TEST_F(esp_behaviour, packet_lifetimes_raise_soft_then_hard_once_and_stop_traffic) {
    ipsec::sa_config c = make_sa({}, direction::outbound);
    c.soft.packets = 3;
    c.hard.packets = 5;
    const auto sa = add(c);
    burst_out r = run(sa, packets(7));
    EXPECT_EQ(r.good.size(), 5u);
    EXPECT_EQ(r.dropped, std::vector<drop_reason>(2, drop_reason::lifetime_expired));
    ASSERT_EQ(engine->events().size(), 2u);
    EXPECT_EQ(engine->events()[0].kind, sa_event_kind::soft_lifetime);
    EXPECT_EQ(engine->events()[1].kind, sa_event_kind::hard_lifetime);
    EXPECT_EQ(engine->events()[0].sa, sa);
    engine->clear_events();
    r = run(sa, packets(2));
    EXPECT_TRUE(r.good.empty());
    EXPECT_TRUE(engine->events().empty());
    EXPECT_EQ(drops(sa, drop_reason::lifetime_expired), 4u);
    EXPECT_EQ(table->runtime(sa).packets, 5u);
}

TEST_F(esp_behaviour, byte_lifetimes_count_inbound_payload_bytes) {
    const auto out = add(make_sa({}, direction::outbound));
    ipsec::sa_config c = make_sa({}, direction::inbound);
    c.soft.bytes = 250;  // each inner packet is 20 + 8 + 100 = 128 bytes
    const auto in = add(c);
    burst_out sealed = run(out, packets(3));
    run(in, {sealed.good[0]});
    EXPECT_TRUE(engine->events().empty());
    EXPECT_EQ(table->runtime(in).bytes, 128u);
    run(in, {sealed.good[1], sealed.good[2]});
    ASSERT_EQ(engine->events().size(), 1u);
    EXPECT_EQ(engine->events()[0].kind, sa_event_kind::soft_lifetime);
    EXPECT_EQ(table->runtime(in).bytes, 384u);
}

TEST_F(esp_behaviour, sequence_overflow_drops_instead_of_wrapping) {
    ipsec::sa_config c = make_sa({}, direction::outbound);
    c.initial_seq = 0xfffffffdu;
    const auto sa = add(c);
    burst_out r = run(sa, packets(5));
    ASSERT_EQ(r.good.size(), 2u);
    EXPECT_EQ(ipsec::pkt::load32(&r.good[0][24]), 0xfffffffeu);
    EXPECT_EQ(ipsec::pkt::load32(&r.good[1][24]), 0xffffffffu);
    EXPECT_EQ(r.dropped, std::vector<drop_reason>(3, drop_reason::seq_overflow));
    ASSERT_EQ(engine->events().size(), 1u);
    EXPECT_EQ(engine->events()[0].kind, sa_event_kind::seq_overflow);
    r = run(sa, packets(1));
    EXPECT_TRUE(r.good.empty());
    EXPECT_EQ(engine->events().size(), 1u);  // raised once
    EXPECT_EQ(table->runtime(sa).seq, 0xffffffffu);
}

TEST_F(esp_behaviour, esn_sender_continues_past_2_to_the_32) {
    sa_params p;
    p.esn = true;
    ipsec::sa_config c = make_sa(p, direction::outbound);
    c.initial_seq = 0xfffffffeu;
    const auto out = add(c);
    const auto in = add(make_sa(p, direction::inbound));
    burst_out r = run(out, packets(3));
    ASSERT_EQ(r.good.size(), 3u);
    EXPECT_EQ(ipsec::pkt::load32(&r.good[2][24]), 1u);  // low half of 2^32 + 1 on the wire
    EXPECT_TRUE(engine->events().empty());
    // The receiver starts at 0: 2^32 - 1 is a first packet too far for ESN
    // inference from an empty window (RFC 4303 A2.2 case B), so the receiver
    // is brought near the boundary first.
    table->runtime(in).replay.top = 0xfffffff0u;
    const burst_out opened = run(in, r.good);
    EXPECT_EQ(opened.good.size(), 3u);
    EXPECT_EQ(table->runtime(in).replay.top, 0x100000001u);
}

TEST_F(esp_behaviour, drops_move_to_the_tail_in_order_across_chunks) {
    const auto out = add(make_sa({}, direction::outbound));
    const auto in = add(make_sa({}, direction::inbound));
    const std::vector<bytes> plain = packets(150, 20);
    burst_out sealed = run(out, plain);
    ASSERT_EQ(sealed.good.size(), 150u);
    // Every third packet is followed by a copy of itself: 200 packets in, 50 replays.
    std::vector<bytes> wire;
    std::vector<bytes> expected;
    for (std::size_t i = 0; i < sealed.good.size(); ++i) {
        wire.push_back(sealed.good[i]);
        expected.push_back(plain[i]);
        if (i % 3 == 0) wire.push_back(sealed.good[i]);
    }
    const burst_out opened = run(in, wire);
    EXPECT_EQ(opened.good, expected);
    EXPECT_EQ(opened.dropped, std::vector<drop_reason>(50, drop_reason::replayed));
    EXPECT_EQ(drops(in, drop_reason::replayed), 50u);
    EXPECT_EQ(table->runtime(in).packets, 150u);
}

TEST_F(esp_behaviour, unusable_packets_get_their_own_reasons) {
    const auto out = add(make_sa({}, direction::outbound));
    bytes not_ip(60, 0x11);
    bytes wrong_length = make_udp_packet(false, 10);
    wrong_length[3] ^= 1;  // IPv4 total length disagrees with the buffer
    const burst_out r = run(out, {not_ip, wrong_length, make_udp_packet(true, 5)});
    EXPECT_EQ(r.good.size(), 1u);
    EXPECT_EQ(r.dropped, (std::vector<drop_reason>{drop_reason::bad_header, drop_reason::bad_header}));

    // No tailroom left for padding and ICV.
    rte_mbuf* full = to_mbuf(pool, make_udp_packet(false, rte_pktmbuf_tailroom(rte_pktmbuf_alloc(pool)) - 28 - 4));
    ASSERT_NE(full, nullptr);
    // Two segments.
    rte_mbuf* head = to_mbuf(pool, make_udp_packet(false, 10));
    rte_mbuf* tail = to_mbuf(pool, bytes(10, 0));
    ASSERT_EQ(rte_pktmbuf_chain(head, tail), 0);
    std::vector<rte_mbuf*> mbufs = {full, head};
    std::vector<drop_reason> reasons(2);
    EXPECT_EQ(engine->process(out, mbufs, reasons), 0);
    EXPECT_EQ(reasons[0], drop_reason::no_room);
    EXPECT_EQ(reasons[1], drop_reason::unsupported);
    for (rte_mbuf* m : mbufs) rte_pktmbuf_free(m);
    EXPECT_EQ(drops(out, drop_reason::no_room), 1u);
    EXPECT_EQ(drops(out, drop_reason::unsupported), 1u);
    EXPECT_EQ(drops(out, drop_reason::bad_header), 2u);
}

TEST_F(esp_behaviour, ipcomp_compresses_only_when_smaller_and_round_trips) {
    for (ipsec::ipsec_mode mode : {ipsec::ipsec_mode::tunnel, ipsec::ipsec_mode::transport}) {
        sa_params p;
        p.mode = mode;
        ipsec::sa_config oc = make_sa(p, direction::outbound);
        ipsec::sa_config ic = make_sa(p, direction::inbound);
        oc.ipcomp = ic.ipcomp = ipsec::ipcomp_config{};
        const auto out = add(oc);
        const auto in = add(ic);
        bytes zeros = make_udp_packet(false, 1200);
        std::fill(zeros.begin() + 28, zeros.end(), 0);
        bytes noise = make_udp_packet(false, 1200);
        std::mt19937 rng(1);
        for (std::size_t i = 28; i < noise.size(); ++i) noise[i] = static_cast<std::uint8_t>(rng());
        const std::vector<bytes> plain = {zeros, noise, make_udp_packet(false, 10)};
        const burst_out sealed = run(out, plain);
        ASSERT_EQ(sealed.good.size(), 3u);
        EXPECT_LT(sealed.good[0].size(), 300u);     // 1200 zero bytes shrink
        EXPECT_GT(sealed.good[1].size(), 1200u);    // noise does not: sent as is
        EXPECT_EQ(run(in, sealed.good).good, plain);
        EXPECT_EQ(table->runtime(out).bytes, table->runtime(in).bytes);  // both count the uncompressed packets
    }
}

// RFC 6040 §4.2: the outer ECN field is not covered by the ICV; a CE mark set
// in transit is copied inwards, and cannot be delivered on a Not-ECT packet.
TEST_F(esp_behaviour, tunnel_decapsulation_propagates_congestion_marks) {
    for (bool outer_v6 : {false, true}) {
        sa_params p;
        p.outer_v6 = outer_v6;
        const auto out = add(make_sa(p, direction::outbound));
        const auto in = add(make_sa(p, direction::inbound));
        const bytes ect0 = make_udp_packet(false, 40, 0xb8 | 2);
        const bytes ect0_v6 = make_udp_packet(true, 40, 0xb8 | 2);
        const bytes not_ect = make_udp_packet(false, 40, 0xb8);
        burst_out sealed = run(out, {ect0, ect0_v6, not_ect});
        ASSERT_EQ(sealed.good.size(), 3u);
        for (bytes& w : sealed.good) {  // a router marks congestion on the outer header
            if (outer_v6) {
                w[1] |= 0x30;
            } else {
                w[1] |= 3;
                ipsec::pkt::ipv4_set_checksum(w.data());
            }
        }
        const burst_out opened = run(in, sealed.good);
        ASSERT_EQ(opened.good.size(), 2u);
        EXPECT_EQ(opened.good[0][1], 0xb8 | 3);
        EXPECT_EQ(ipsec::pkt::ipv4_checksum(opened.good[0].data(), 20), 0);
        EXPECT_EQ(opened.good[1][1] & 0x30, 0x30);
        EXPECT_EQ(opened.dropped, std::vector<drop_reason>{drop_reason::ecn_not_ect});
    }
}

TEST_F(esp_behaviour, transport_mode_refuses_fragments) {
    sa_params p;
    p.mode = ipsec::ipsec_mode::transport;
    const auto out = add(make_sa(p, direction::outbound));
    bytes frag = make_udp_packet(false, 10);
    frag[6] = 0x20;  // more fragments
    ipsec::pkt::ipv4_set_checksum(frag.data());
    EXPECT_EQ(drop_one(out, frag), drop_reason::bad_header);
    // Protocol 59 would reach the peer as an RFC 4303 §2.6 dummy packet.
    bytes no_next = make_udp_packet(false, 10);
    no_next[9] = 59;
    ipsec::pkt::ipv4_set_checksum(no_next.data());
    EXPECT_EQ(drop_one(out, no_next), drop_reason::bad_header);
}

}  // namespace
}  // namespace ravelin::dp::test
