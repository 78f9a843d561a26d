// Names for the dissector: every named enum value has its IANA name.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "control-plane/ike/codec/names.hpp"

namespace ravelin::cp::ike {
namespace {

TEST(names, spell_iana_names) {
    EXPECT_EQ(name_of(payload_type::sk), "SK");
    EXPECT_EQ(name_of(exchange_type::ike_sa_init), "IKE_SA_INIT");
    EXPECT_EQ(name_of(notify_type::nat_detection_source_ip), "NAT_DETECTION_SOURCE_IP");
    EXPECT_EQ(name_of(notify_type::use_assigned_hoa), "USE_ASSIGNED_HoA");
    EXPECT_EQ(name_of(id_type::der_asn1_dn), "ID_DER_ASN1_DN");
    EXPECT_EQ(name_of(ts_type::ipv6_addr_range), "TS_IPV6_ADDR_RANGE");
    EXPECT_EQ(transform_id_name(transform_type::encryption, 20), "ENCR_AES_GCM_16");
    EXPECT_EQ(transform_id_name(transform_type::key_exchange, 31), "CURVE25519");
    EXPECT_EQ(name_of(static_cast<notify_type>(12345)), "");
}

TEST(names, notify_table_is_complete_and_unique) {
    // Error types 1..46 and status types 16384..16444: every assigned value named.
    const std::set<int> unassigned_errors = {2, 3, 6, 8, 10, 12, 13, 15, 16, 18, 19, 20, 21, 22, 23,
                                             25, 26, 27, 28, 29, 30, 31, 32, 33};
    std::set<std::string> seen;
    for (int value = 1; value <= 46; ++value) {
        const auto name = name_of(static_cast<notify_type>(value));
        EXPECT_EQ(name.empty(), unassigned_errors.count(value) == 1) << value;
        if (!name.empty()) {
            EXPECT_TRUE(seen.insert(std::string(name)).second) << name;
        }
    }
    for (int value = 16384; value <= 16444; ++value) {
        const auto name = name_of(static_cast<notify_type>(value));
        EXPECT_FALSE(name.empty()) << value;
        EXPECT_TRUE(seen.insert(std::string(name)).second) << name;
    }
}

}  // namespace
}  // namespace ravelin::cp::ike
