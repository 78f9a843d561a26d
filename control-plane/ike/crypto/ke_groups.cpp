#include "control-plane/ike/crypto/ke_groups.hpp"

#include <string>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>

#include "control-plane/ike/crypto/error.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using common::bytes_view;
using common::result;

using param_bld = ossl::owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using params = ossl::owned<OSSL_PARAM, OSSL_PARAM_free>;
using ec_group = ossl::owned<EC_GROUP, EC_GROUP_free>;
using ec_point = ossl::owned<EC_POINT, EC_POINT_free>;

const char* key_type(const ke_info& info) {
    switch (info.family) {
        case ke_family::modp: return "DH";
        case ke_family::ecp: return "EC";
        case ke_family::montgomery: break;
    }
    return info.ossl_group.data();  // "X25519" / "X448" (string literals, NUL-terminated)
}

// Builds a key of `info`'s type from the parameters in `bld` plus the group name.
result<ossl::pkey> key_from_data(const ke_info& info, OSSL_PARAM_BLD* bld, int selection) {
    std::string group(info.ossl_group);
    if (OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group.c_str(), 0) != 1) {
        return openssl_error("OSSL_PARAM_BLD_push(group)");
    }
    const params list(OSSL_PARAM_BLD_to_param(bld));
    ossl::pkey_ctx ctx(EVP_PKEY_CTX_new_from_name(nullptr, key_type(info), nullptr));
    if (!list || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return openssl_error("EVP_PKEY_fromdata_init");
    EVP_PKEY* key = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &key, selection, list.get()) != 1) return openssl_error("EVP_PKEY_fromdata");
    return ossl::pkey(key);
}

// The group's prime p and generator g (RFC 3526).
result<std::pair<ossl::bignum, ossl::bignum>> modp_parameters(const ke_info& info) {
    const param_bld bld(OSSL_PARAM_BLD_new());
    if (!bld) return openssl_error("OSSL_PARAM_BLD_new");
    RAVELIN_TRY(const ossl::pkey group, key_from_data(info, bld.get(), EVP_PKEY_KEY_PARAMETERS));
    BIGNUM* p = nullptr;
    BIGNUM* g = nullptr;
    const bool ok = EVP_PKEY_get_bn_param(group.get(), OSSL_PKEY_PARAM_FFC_P, &p) == 1 &&
                    EVP_PKEY_get_bn_param(group.get(), OSSL_PKEY_PARAM_FFC_G, &g) == 1;
    ossl::bignum owned_p(p), owned_g(g);
    if (!ok) return openssl_error("EVP_PKEY_get_bn_param(p, g)");
    return std::pair{std::move(owned_p), std::move(owned_g)};
}

result<ossl::pkey> modp_import_peer(const ke_info& info, bytes_view peer_public) {
    RAVELIN_TRY(const auto pg, modp_parameters(info));
    const ossl::bignum y(BN_bin2bn(peer_public.data(), static_cast<int>(peer_public.size()), nullptr));
    const ossl::bignum p_minus_1(BN_dup(pg.first.get()));
    if (!y || !p_minus_1 || BN_sub_word(p_minus_1.get(), 1) != 1) return openssl_error("BN arithmetic");
    // RFC 6989 §2.2: for safe-prime groups, 1 < y < p-1 is the whole check.
    if (BN_cmp(y.get(), BN_value_one()) <= 0 || BN_cmp(y.get(), p_minus_1.get()) >= 0) {
        return errc::invalid_public_value;
    }
    const param_bld bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, y.get()) != 1) {
        return openssl_error("OSSL_PARAM_BLD_push(pub)");
    }
    return key_from_data(info, bld.get(), EVP_PKEY_PUBLIC_KEY);
}

result<ossl::pkey> ecp_import_peer(const ke_info& info, bytes_view peer_public) {
    // RFC 5903 §7: x || y without the SEC1 0x04 prefix; OpenSSL's decoder
    // refuses coordinates >= p and points off the curve.
    std::vector<std::uint8_t> point{0x04};
    point.insert(point.end(), peer_public.begin(), peer_public.end());
    const param_bld bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
        return openssl_error("OSSL_PARAM_BLD_push(pub)");
    }
    auto key = key_from_data(info, bld.get(), EVP_PKEY_PUBLIC_KEY);
    if (!key) return errc::invalid_public_value;
    // A second, explicit on-curve and subgroup check (RFC 6989 §2.3).
    ossl::pkey_ctx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr));
    if (!ctx || EVP_PKEY_public_check(ctx.get()) != 1) {
        openssl_error("EVP_PKEY_public_check");
        return errc::invalid_public_value;
    }
    return key;
}

result<ossl::pkey> montgomery_import_peer(const ke_info& info, bytes_view peer_public) {
    std::string name(info.ossl_group);
    EVP_PKEY* key = EVP_PKEY_new_raw_public_key_ex(nullptr, name.c_str(), nullptr, peer_public.data(), peer_public.size());
    if (key == nullptr) {
        openssl_error("EVP_PKEY_new_raw_public_key");
        return errc::invalid_public_value;
    }
    return ossl::pkey(key);
}

result<ossl::pkey> modp_import_private(const ke_info& info, bytes_view private_value) {
    RAVELIN_TRY(const auto pg, modp_parameters(info));
    const ossl::bignum x(BN_bin2bn(private_value.data(), static_cast<int>(private_value.size()), nullptr));
    const ossl::bignum y(BN_new());
    const ossl::bn_ctx bn(BN_CTX_new());
    if (!x || !y || !bn) return openssl_error("BN_new");
    BN_set_flags(x.get(), BN_FLG_CONSTTIME);
    if (BN_mod_exp(y.get(), pg.second.get(), x.get(), pg.first.get(), bn.get()) != 1) return openssl_error("BN_mod_exp");
    const param_bld bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, x.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, y.get()) != 1) {
        return openssl_error("OSSL_PARAM_BLD_push(keypair)");
    }
    return key_from_data(info, bld.get(), EVP_PKEY_KEYPAIR);
}

result<ossl::pkey> ecp_import_private(const ke_info& info, bytes_view private_value) {
    std::string name(info.ossl_group);
    const ec_group group(EC_GROUP_new_by_curve_name(OBJ_txt2nid(name.c_str())));
    const ossl::bignum d(BN_bin2bn(private_value.data(), static_cast<int>(private_value.size()), nullptr));
    if (!group || !d) return openssl_error("EC_GROUP_new_by_curve_name");
    const ec_point q(EC_POINT_new(group.get()));
    if (!q || EC_POINT_mul(group.get(), q.get(), d.get(), nullptr, nullptr, nullptr) != 1) {
        return openssl_error("EC_POINT_mul");
    }
    std::vector<std::uint8_t> point(1 + info.public_size);
    if (EC_POINT_point2oct(group.get(), q.get(), POINT_CONVERSION_UNCOMPRESSED, point.data(), point.size(), nullptr) !=
        point.size()) {
        return openssl_error("EC_POINT_point2oct");
    }
    const param_bld bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
        return openssl_error("OSSL_PARAM_BLD_push(keypair)");
    }
    return key_from_data(info, bld.get(), EVP_PKEY_KEYPAIR);
}

}  // namespace

result<ossl::pkey> ke_generate(const ke_info& info) {
    ossl::pkey_ctx ctx(EVP_PKEY_CTX_new_from_name(nullptr, key_type(info), nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) return openssl_error("EVP_PKEY_keygen_init");
    if (info.family != ke_family::montgomery) {
        std::string group(info.ossl_group);
        const OSSL_PARAM list[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group.data(), 0),
            OSSL_PARAM_construct_end(),
        };
        if (EVP_PKEY_CTX_set_params(ctx.get(), list) != 1) return openssl_error("EVP_PKEY_CTX_set_params(group)");
    }
    EVP_PKEY* key = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &key) != 1) return openssl_error("EVP_PKEY_generate");
    return ossl::pkey(key);
}

result<ossl::pkey> ke_import_private(const ke_info& info, bytes_view private_value) {
    switch (info.family) {
        case ke_family::modp: return modp_import_private(info, private_value);
        case ke_family::ecp: return ecp_import_private(info, private_value);
        case ke_family::montgomery: break;
    }
    std::string name(info.ossl_group);
    EVP_PKEY* key = EVP_PKEY_new_raw_private_key_ex(nullptr, name.c_str(), nullptr, private_value.data(),
                                                    private_value.size());
    if (key == nullptr) return openssl_error("EVP_PKEY_new_raw_private_key");
    return ossl::pkey(key);
}

result<std::vector<std::uint8_t>> ke_public_value(const ke_info& info, EVP_PKEY* key) {
    std::vector<std::uint8_t> out(info.public_size);
    if (info.family == ke_family::modp) {
        BIGNUM* raw = nullptr;
        if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PUB_KEY, &raw) != 1) return openssl_error("get_bn_param(pub)");
        const ossl::bignum y(raw);
        // RFC 7296 §3.4: zero-padded on the left to the modulus length.
        if (BN_bn2binpad(y.get(), out.data(), static_cast<int>(out.size())) < 0) return openssl_error("BN_bn2binpad");
        return out;
    }
    if (info.family == ke_family::ecp) {
        std::vector<std::uint8_t> point(1 + info.public_size);
        std::size_t length = 0;
        if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(), &length) != 1 ||
            length != point.size() || point[0] != 0x04) {
            return openssl_error("get_octet_string_param(pub)");
        }
        std::copy(point.begin() + 1, point.end(), out.begin());
        return out;
    }
    std::size_t length = out.size();
    if (EVP_PKEY_get_raw_public_key(key, out.data(), &length) != 1 || length != out.size()) {
        return openssl_error("EVP_PKEY_get_raw_public_key");
    }
    return out;
}

result<ossl::pkey> ke_import_peer(const ke_info& info, bytes_view peer_public) {
    // RFC 7296 §3.4: the length is fixed by the group; anything else is refused
    // before the value is looked at.
    if (peer_public.size() != info.public_size) return errc::invalid_public_value;
    switch (info.family) {
        case ke_family::modp: return modp_import_peer(info, peer_public);
        case ke_family::ecp: return ecp_import_peer(info, peer_public);
        case ke_family::montgomery: break;
    }
    return montgomery_import_peer(info, peer_public);
}

}  // namespace ravelin::cp::ike::crypto
