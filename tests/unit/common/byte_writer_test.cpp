#include "common/byte_writer.hpp"

#include <array>
#include <vector>

#include <gtest/gtest.h>

namespace ravelin::common {
namespace {

TEST(byte_writer, writes_big_endian_and_round_trips_through_the_reader) {
    std::array<std::uint8_t, 15> buffer{};
    byte_writer writer(buffer);
    ASSERT_TRUE(writer.write_u8(0x01).has_value());
    ASSERT_TRUE(writer.write_u16(0x0203).has_value());
    ASSERT_TRUE(writer.write_u32(0x04050607).has_value());
    ASSERT_TRUE(writer.write_u64(0x08090a0b0c0d0e0fULL).has_value());
    EXPECT_EQ(writer.remaining(), 0u);
    for (std::size_t i = 0; i < buffer.size(); ++i) EXPECT_EQ(buffer[i], i + 1);

    byte_reader reader(writer.written());
    EXPECT_EQ(*reader.read_u8(), 0x01);
    EXPECT_EQ(*reader.read_u16(), 0x0203);
}

TEST(byte_writer, empty_buffer_refuses_everything_but_nothing) {
    byte_writer writer(std::span<std::uint8_t>{});
    EXPECT_EQ(writer.write_u8(1).error(), errc::no_space);
    EXPECT_EQ(writer.reserve_u16().error(), errc::no_space);
    EXPECT_TRUE(writer.write_bytes({}).has_value());
    EXPECT_EQ(writer.position(), 0u);
}

TEST(byte_writer, one_byte_short_writes_nothing) {
    std::array<std::uint8_t, 3> buffer = {0xee, 0xee, 0xee};
    byte_writer writer(buffer);
    EXPECT_EQ(writer.write_u32(0x11223344).error(), errc::no_space);
    const std::array<std::uint8_t, 4> four = {1, 2, 3, 4};
    EXPECT_EQ(writer.write_bytes(four).error(), errc::no_space);
    EXPECT_EQ(writer.position(), 0u);
    EXPECT_EQ(buffer[0], 0xee);
    EXPECT_TRUE(writer.write_bytes(std::span(four).first(3)).has_value());
}

TEST(byte_writer, back_patches_a_reserved_length) {
    std::array<std::uint8_t, 8> buffer{};
    byte_writer writer(buffer);
    auto length_at = writer.reserve_u16();
    ASSERT_TRUE(length_at.has_value());
    ASSERT_TRUE(writer.write_u32(0xdeadbeef).has_value());
    ASSERT_TRUE(writer.patch_u16(*length_at, writer.position()).has_value());
    EXPECT_EQ(buffer[0], 0x00);
    EXPECT_EQ(buffer[1], 0x06);
}

TEST(byte_writer, refuses_a_length_too_large_for_its_field) {
    std::vector<std::uint8_t> buffer(8);
    byte_writer writer(buffer);
    auto length_at = writer.reserve_u16();
    ASSERT_TRUE(length_at.has_value());
    EXPECT_EQ(writer.patch_u16(*length_at, 65536).error(), errc::length_overflow);
    EXPECT_TRUE(writer.patch_u16(*length_at, 65535).has_value());
    EXPECT_EQ(buffer[0], 0xff);
    EXPECT_EQ(buffer[1], 0xff);
}

TEST(byte_writer, refuses_to_patch_unwritten_bytes) {
    std::array<std::uint8_t, 8> buffer{};
    byte_writer writer(buffer);
    EXPECT_EQ(writer.patch_u32(byte_writer::field_offset{2}, 1).error(), errc::no_space);
}

TEST(byte_writer, fills_a_maximum_size_buffer_exactly) {
    std::vector<std::uint8_t> buffer(65535);
    byte_writer writer(buffer);
    EXPECT_TRUE(writer.write_zeros(65534).has_value());
    EXPECT_TRUE(writer.write_u8(7).has_value());
    EXPECT_EQ(writer.write_u8(8).error(), errc::no_space);
    EXPECT_EQ(writer.written().size(), 65535u);
}

}  // namespace
}  // namespace ravelin::common
