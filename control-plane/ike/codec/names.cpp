#include "control-plane/ike/codec/names.hpp"

#include <algorithm>
#include <iterator>

namespace ravelin::cp::ike {
namespace {

struct entry {
    std::uint16_t value;
    std::string_view name;
};

template <std::size_t N>
std::string_view lookup(const entry (&table)[N], std::uint16_t value) noexcept {
    const auto* found = std::find_if(std::begin(table), std::end(table),
                                     [value](const entry& e) { return e.value == value; });
    return found == std::end(table) ? std::string_view{} : found->name;
}

template <typename E>
std::uint16_t raw(E value) noexcept {
    return static_cast<std::uint16_t>(value);
}

// IANA "IKEv2 Payload Types".
constexpr entry payload_names[] = {
    {0, "NONE"}, {33, "SA"}, {34, "KE"}, {35, "IDi"}, {36, "IDr"}, {37, "CERT"}, {38, "CERTREQ"},
    {39, "AUTH"}, {40, "Nonce"}, {41, "N"}, {42, "D"}, {43, "V"}, {44, "TSi"}, {45, "TSr"},
    {46, "SK"}, {47, "CP"}, {48, "EAP"}, {49, "GSPM"}, {50, "IDg"}, {51, "GSA"}, {52, "KD"},
    {53, "SKF"}, {54, "PS"},
};

// IANA "IKEv2 Exchange Types".
constexpr entry exchange_names[] = {
    {34, "IKE_SA_INIT"}, {35, "IKE_AUTH"}, {36, "CREATE_CHILD_SA"}, {37, "INFORMATIONAL"},
    {38, "IKE_SESSION_RESUME"}, {39, "GSA_AUTH"}, {40, "GSA_REGISTRATION"}, {41, "GSA_REKEY"},
    {43, "IKE_INTERMEDIATE"}, {44, "IKE_FOLLOWUP_KE"},
};

// IANA "IKEv2 Notify Message Types" (generated from notify_types.hpp).
constexpr entry notify_names[] = {
    {1, "UNSUPPORTED_CRITICAL_PAYLOAD"},
    {4, "INVALID_IKE_SPI"},
    {5, "INVALID_MAJOR_VERSION"},
    {7, "INVALID_SYNTAX"},
    {9, "INVALID_MESSAGE_ID"},
    {11, "INVALID_SPI"},
    {14, "NO_PROPOSAL_CHOSEN"},
    {17, "INVALID_KE_PAYLOAD"},
    {24, "AUTHENTICATION_FAILED"},
    {34, "SINGLE_PAIR_REQUIRED"},
    {35, "NO_ADDITIONAL_SAS"},
    {36, "INTERNAL_ADDRESS_FAILURE"},
    {37, "FAILED_CP_REQUIRED"},
    {38, "TS_UNACCEPTABLE"},
    {39, "INVALID_SELECTORS"},
    {40, "UNACCEPTABLE_ADDRESSES"},
    {41, "UNEXPECTED_NAT_DETECTED"},
    {42, "USE_ASSIGNED_HoA"},
    {43, "TEMPORARY_FAILURE"},
    {44, "CHILD_SA_NOT_FOUND"},
    {45, "INVALID_GROUP_ID"},
    {46, "AUTHORIZATION_FAILED"},
    {16384, "INITIAL_CONTACT"},
    {16385, "SET_WINDOW_SIZE"},
    {16386, "ADDITIONAL_TS_POSSIBLE"},
    {16387, "IPCOMP_SUPPORTED"},
    {16388, "NAT_DETECTION_SOURCE_IP"},
    {16389, "NAT_DETECTION_DESTINATION_IP"},
    {16390, "COOKIE"},
    {16391, "USE_TRANSPORT_MODE"},
    {16392, "HTTP_CERT_LOOKUP_SUPPORTED"},
    {16393, "REKEY_SA"},
    {16394, "ESP_TFC_PADDING_NOT_SUPPORTED"},
    {16395, "NON_FIRST_FRAGMENTS_ALSO"},
    {16396, "MOBIKE_SUPPORTED"},
    {16397, "ADDITIONAL_IP4_ADDRESS"},
    {16398, "ADDITIONAL_IP6_ADDRESS"},
    {16399, "NO_ADDITIONAL_ADDRESSES"},
    {16400, "UPDATE_SA_ADDRESSES"},
    {16401, "COOKIE2"},
    {16402, "NO_NATS_ALLOWED"},
    {16403, "AUTH_LIFETIME"},
    {16404, "MULTIPLE_AUTH_SUPPORTED"},
    {16405, "ANOTHER_AUTH_FOLLOWS"},
    {16406, "REDIRECT_SUPPORTED"},
    {16407, "REDIRECT"},
    {16408, "REDIRECTED_FROM"},
    {16409, "TICKET_LT_OPAQUE"},
    {16410, "TICKET_REQUEST"},
    {16411, "TICKET_ACK"},
    {16412, "TICKET_NACK"},
    {16413, "TICKET_OPAQUE"},
    {16414, "LINK_ID"},
    {16415, "USE_WESP_MODE"},
    {16416, "ROHC_SUPPORTED"},
    {16417, "EAP_ONLY_AUTHENTICATION"},
    {16418, "CHILDLESS_IKEV2_SUPPORTED"},
    {16419, "QUICK_CRASH_DETECTION"},
    {16420, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED"},
    {16421, "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED"},
    {16422, "IKEV2_MESSAGE_ID_SYNC"},
    {16423, "IPSEC_REPLAY_COUNTER_SYNC"},
    {16424, "SECURE_PASSWORD_METHODS"},
    {16425, "PSK_PERSIST"},
    {16426, "PSK_CONFIRM"},
    {16427, "ERX_SUPPORTED"},
    {16428, "IFOM_CAPABILITY"},
    {16429, "SENDER_REQUEST_ID"},
    {16430, "IKEV2_FRAGMENTATION_SUPPORTED"},
    {16431, "SIGNATURE_HASH_ALGORITHMS"},
    {16432, "CLONE_IKE_SA_SUPPORTED"},
    {16433, "CLONE_IKE_SA"},
    {16434, "PUZZLE"},
    {16435, "USE_PPK"},
    {16436, "PPK_IDENTITY"},
    {16437, "NO_PPK_AUTH"},
    {16438, "INTERMEDIATE_EXCHANGE_SUPPORTED"},
    {16439, "IP4_ALLOWED"},
    {16440, "IP6_ALLOWED"},
    {16441, "ADDITIONAL_KEY_EXCHANGE"},
    {16442, "USE_AGGFRAG"},
    {16443, "SUPPORTED_AUTH_METHODS"},
    {16444, "SA_RESOURCE_INFO"},
};

constexpr entry id_names[] = {
    {1, "ID_IPV4_ADDR"}, {2, "ID_FQDN"}, {3, "ID_RFC822_ADDR"}, {5, "ID_IPV6_ADDR"},
    {9, "ID_DER_ASN1_DN"}, {10, "ID_DER_ASN1_GN"}, {11, "ID_KEY_ID"}, {12, "ID_FC_NAME"},
    {13, "ID_NULL"},
};

constexpr entry ts_names[] = {
    {7, "TS_IPV4_ADDR_RANGE"}, {8, "TS_IPV6_ADDR_RANGE"}, {9, "TS_FC_ADDR_RANGE"},
};

constexpr entry cert_names[] = {
    {1, "PKCS #7 wrapped X.509 certificate"}, {2, "PGP Certificate"}, {3, "DNS Signed Key"},
    {4, "X.509 Certificate - Signature"}, {6, "Kerberos Token"},
    {7, "Certificate Revocation List (CRL)"}, {8, "Authority Revocation List (ARL)"},
    {9, "SPKI Certificate"}, {10, "X.509 Certificate - Attribute"}, {11, "Raw RSA Key"},
    {12, "Hash and URL of X.509 certificate"}, {13, "Hash and URL of X.509 bundle"},
    {14, "OCSP Content"}, {15, "Raw Public Key"},
};

constexpr entry cfg_names[] = {{1, "CFG_REQUEST"}, {2, "CFG_REPLY"}, {3, "CFG_SET"}, {4, "CFG_ACK"}};

constexpr entry cp_attribute_names[] = {
    {1, "INTERNAL_IP4_ADDRESS"}, {2, "INTERNAL_IP4_NETMASK"}, {3, "INTERNAL_IP4_DNS"},
    {4, "INTERNAL_IP4_NBNS"}, {6, "INTERNAL_IP4_DHCP"}, {7, "APPLICATION_VERSION"},
    {8, "INTERNAL_IP6_ADDRESS"}, {10, "INTERNAL_IP6_DNS"}, {12, "INTERNAL_IP6_DHCP"},
    {13, "INTERNAL_IP4_SUBNET"}, {14, "SUPPORTED_ATTRIBUTES"}, {15, "INTERNAL_IP6_SUBNET"},
    {16, "MIP6_HOME_PREFIX"}, {17, "INTERNAL_IP6_LINK"}, {18, "INTERNAL_IP6_PREFIX"},
    {19, "HOME_AGENT_ADDRESS"}, {20, "P_CSCF_IP4_ADDRESS"}, {21, "P_CSCF_IP6_ADDRESS"},
    {22, "FTT_KAT"}, {23, "EXTERNAL_SOURCE_IP4_NAT_INFO"}, {24, "TIMEOUT_PERIOD_FOR_LIVENESS_CHECK"},
    {25, "INTERNAL_DNS_DOMAIN"}, {26, "INTERNAL_DNSSEC_TA"},
};

constexpr entry eap_code_names[] = {{1, "Request"}, {2, "Response"}, {3, "Success"}, {4, "Failure"}};

constexpr entry protocol_names[] = {{0, "NONE"}, {1, "IKE"}, {2, "AH"}, {3, "ESP"}};

constexpr entry transform_type_names[] = {
    {1, "ENCR"}, {2, "PRF"}, {3, "INTEG"}, {4, "KE"}, {5, "ESN"},
};

constexpr entry auth_method_names[] = {
    {1, "RSA Digital Signature"}, {2, "Shared Key Message Integrity Code"},
    {3, "DSS Digital Signature"}, {9, "ECDSA with SHA-256 on the P-256 curve"},
    {10, "ECDSA with SHA-384 on the P-384 curve"}, {11, "ECDSA with SHA-512 on the P-521 curve"},
    {12, "Generic Secure Password Authentication Method"}, {13, "NULL Authentication"},
    {14, "Digital Signature"},
};

constexpr entry encryption_names[] = {
    {1, "ENCR_DES_IV64"}, {2, "ENCR_DES"}, {3, "ENCR_3DES"}, {4, "ENCR_RC5"}, {5, "ENCR_IDEA"},
    {6, "ENCR_CAST"}, {7, "ENCR_BLOWFISH"}, {8, "ENCR_3IDEA"}, {9, "ENCR_DES_IV32"},
    {11, "ENCR_NULL"}, {12, "ENCR_AES_CBC"}, {13, "ENCR_AES_CTR"}, {14, "ENCR_AES_CCM_8"},
    {15, "ENCR_AES_CCM_12"}, {16, "ENCR_AES_CCM_16"}, {18, "ENCR_AES_GCM_8"},
    {19, "ENCR_AES_GCM_12"}, {20, "ENCR_AES_GCM_16"}, {21, "ENCR_NULL_AUTH_AES_GMAC"},
    {23, "ENCR_CAMELLIA_CBC"}, {24, "ENCR_CAMELLIA_CTR"}, {25, "ENCR_CAMELLIA_CCM_8"},
    {26, "ENCR_CAMELLIA_CCM_12"}, {27, "ENCR_CAMELLIA_CCM_16"}, {28, "ENCR_CHACHA20_POLY1305"},
};

constexpr entry prf_names[] = {
    {1, "PRF_HMAC_MD5"}, {2, "PRF_HMAC_SHA1"}, {3, "PRF_HMAC_TIGER"}, {4, "PRF_AES128_XCBC"},
    {5, "PRF_HMAC_SHA2_256"}, {6, "PRF_HMAC_SHA2_384"}, {7, "PRF_HMAC_SHA2_512"},
    {8, "PRF_AES128_CMAC"},
};

constexpr entry integrity_names[] = {
    {0, "NONE"}, {1, "AUTH_HMAC_MD5_96"}, {2, "AUTH_HMAC_SHA1_96"}, {3, "AUTH_DES_MAC"},
    {4, "AUTH_KPDK_MD5"}, {5, "AUTH_AES_XCBC_96"}, {6, "AUTH_HMAC_MD5_128"},
    {7, "AUTH_HMAC_SHA1_160"}, {8, "AUTH_AES_CMAC_96"}, {9, "AUTH_AES_128_GMAC"},
    {10, "AUTH_AES_192_GMAC"}, {11, "AUTH_AES_256_GMAC"}, {12, "AUTH_HMAC_SHA2_256_128"},
    {13, "AUTH_HMAC_SHA2_384_192"}, {14, "AUTH_HMAC_SHA2_512_256"},
};

constexpr entry ke_names[] = {
    {0, "NONE"}, {1, "MODP768"}, {2, "MODP1024"}, {5, "MODP1536"}, {14, "MODP2048"},
    {15, "MODP3072"}, {16, "MODP4096"}, {17, "MODP6144"}, {18, "MODP8192"}, {19, "ECP256"},
    {20, "ECP384"}, {21, "ECP521"}, {22, "MODP1024_160"}, {23, "MODP2048_224"},
    {24, "MODP2048_256"}, {25, "ECP192"}, {26, "ECP224"}, {27, "BRAINPOOLP224R1"},
    {28, "BRAINPOOLP256R1"}, {29, "BRAINPOOLP384R1"}, {30, "BRAINPOOLP512R1"},
    {31, "CURVE25519"}, {32, "CURVE448"},
};

constexpr entry esn_names[] = {{0, "NO_ESN"}, {1, "ESN"}};

}  // namespace

std::string_view name_of(payload_type value) noexcept { return lookup(payload_names, raw(value)); }
std::string_view name_of(exchange_type value) noexcept { return lookup(exchange_names, raw(value)); }
std::string_view name_of(notify_type value) noexcept { return lookup(notify_names, raw(value)); }
std::string_view name_of(id_type value) noexcept { return lookup(id_names, raw(value)); }
std::string_view name_of(ts_type value) noexcept { return lookup(ts_names, raw(value)); }
std::string_view name_of(cert_encoding value) noexcept { return lookup(cert_names, raw(value)); }
std::string_view name_of(cfg_type value) noexcept { return lookup(cfg_names, raw(value)); }
std::string_view name_of(cp_attribute_type value) noexcept { return lookup(cp_attribute_names, raw(value)); }
std::string_view name_of(eap_code value) noexcept { return lookup(eap_code_names, raw(value)); }
std::string_view name_of(protocol_id value) noexcept { return lookup(protocol_names, raw(value)); }
std::string_view name_of(transform_type value) noexcept { return lookup(transform_type_names, raw(value)); }
std::string_view name_of(auth_method value) noexcept { return lookup(auth_method_names, raw(value)); }

std::string_view transform_id_name(transform_type type, std::uint16_t id) noexcept {
    switch (type) {
    case transform_type::encryption: return lookup(encryption_names, id);
    case transform_type::prf: return lookup(prf_names, id);
    case transform_type::integrity: return lookup(integrity_names, id);
    case transform_type::key_exchange: return lookup(ke_names, id);
    case transform_type::esn: return lookup(esn_names, id);
    }
    return {};
}

}  // namespace ravelin::cp::ike
