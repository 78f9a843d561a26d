#include "common/byte_reader.hpp"

#include <array>
#include <vector>

#include <gtest/gtest.h>

namespace ravelin::common {
namespace {

TEST(byte_reader, reads_big_endian_integers_in_order) {
    const std::array<std::uint8_t, 15> bytes = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
                                                0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
    byte_reader reader(bytes);
    EXPECT_EQ(*reader.read_u8(), 0x01);
    EXPECT_EQ(*reader.read_u16(), 0x0203);
    EXPECT_EQ(*reader.read_u32(), 0x04050607u);
    EXPECT_EQ(*reader.read_u64(), 0x08090a0b0c0d0e0fULL);
    EXPECT_TRUE(reader.empty());
    EXPECT_EQ(reader.position(), 15u);
}

TEST(byte_reader, empty_input_fails_every_read) {
    byte_reader reader(bytes_view{});
    EXPECT_EQ(reader.read_u8().error(), errc::truncated);
    EXPECT_EQ(reader.read_u16().error(), errc::truncated);
    EXPECT_EQ(reader.read_bytes(1).error(), errc::truncated);
    EXPECT_EQ(reader.peek_u8().error(), errc::truncated);
    EXPECT_EQ(reader.skip(1).error(), errc::truncated);
    // Zero bytes from nothing is fine.
    EXPECT_TRUE(reader.read_bytes(0).has_value());
}

TEST(byte_reader, one_byte_short_fails_without_moving) {
    const std::array<std::uint8_t, 3> bytes = {0xaa, 0xbb, 0xcc};
    byte_reader reader(bytes);
    EXPECT_EQ(reader.read_u32().error(), errc::truncated);
    EXPECT_EQ(reader.position(), 0u);
    EXPECT_EQ(reader.read_bytes(4).error(), errc::truncated);
    EXPECT_EQ(reader.position(), 0u);
    ASSERT_TRUE(reader.read_bytes(3).has_value());
    EXPECT_TRUE(reader.empty());
}

TEST(byte_reader, exact_length_reads_to_the_end) {
    const std::array<std::uint8_t, 8> bytes = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    byte_reader reader(bytes);
    EXPECT_EQ(*reader.read_u64(), 0xffffffffffffffffULL);
    EXPECT_EQ(reader.read_u8().error(), errc::truncated);
}

TEST(byte_reader, maximum_length_input) {
    // The largest IKE message a UDP datagram can carry.
    const std::vector<std::uint8_t> bytes(65535, 0x5a);
    byte_reader reader(bytes);
    ASSERT_TRUE(reader.skip(65534).has_value());
    EXPECT_EQ(*reader.read_u8(), 0x5a);
    EXPECT_EQ(reader.skip(1).error(), errc::truncated);
}

TEST(byte_reader, sub_reader_is_confined_and_parent_skips_past) {
    const std::array<std::uint8_t, 5> bytes = {1, 2, 3, 4, 5};
    byte_reader reader(bytes);
    ASSERT_TRUE(reader.skip(1).has_value());
    auto sub = reader.read_sub_reader(2);
    ASSERT_TRUE(sub.has_value());
    EXPECT_EQ(*sub->read_u16(), 0x0203);
    EXPECT_EQ(sub->read_u8().error(), errc::truncated);
    EXPECT_EQ(*reader.read_u8(), 4);
    EXPECT_EQ(reader.read_sub_reader(2).error(), errc::truncated);
}

TEST(byte_reader, peek_does_not_consume) {
    const std::array<std::uint8_t, 1> bytes = {0x42};
    byte_reader reader(bytes);
    EXPECT_EQ(*reader.peek_u8(), 0x42);
    EXPECT_EQ(reader.position(), 0u);
    EXPECT_EQ(reader.consumed().size(), 0u);
    EXPECT_EQ(*reader.read_u8(), 0x42);
    EXPECT_EQ(reader.consumed().size(), 1u);
}

}  // namespace
}  // namespace ravelin::common
