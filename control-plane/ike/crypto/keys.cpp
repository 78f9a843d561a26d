#include "control-plane/ike/crypto/keys.hpp"

#include <vector>

#include "common/constant_time.hpp"
#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/prf.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

// A seed that may hold key material (g^ir): wiped when it goes.
class seed_buffer {
public:
    ~seed_buffer() { common::secure_wipe(_bytes.data(), _bytes.size()); }
    seed_buffer& append(bytes_view part) {
        _bytes.insert(_bytes.end(), part.begin(), part.end());
        return *this;
    }
    seed_buffer& append_u64(std::uint64_t value) {
        for (int shift = 56; shift >= 0; shift -= 8) _bytes.push_back(static_cast<std::uint8_t>(value >> shift));
        return *this;
    }
    [[nodiscard]] bytes_view view() const noexcept { return _bytes; }

private:
    std::vector<std::uint8_t> _bytes;
};

// Splits prf+ output in the order the RFC lists the keys.
class key_cutter {
public:
    explicit key_cutter(const secret_bytes& stream) : _stream(stream) {}
    secret_bytes take(std::size_t count) {
        secret_bytes out = _stream.slice(_offset, count);
        _offset += count;
        return out;
    }

private:
    const secret_bytes& _stream;
    std::size_t _offset = 0;
};

struct key_sizes {
    std::size_t encryption = 0;
    std::size_t integrity = 0;
};

result<key_sizes> sizes_of(std::optional<encryption_transform> encryption, integrity_id integrity) {
    key_sizes sizes;
    if (encryption) {
        const auto info = find_encryption(*encryption);
        if (!info) return errc::unsupported_transform;
        sizes.encryption = info->keymat_size();
    }
    if (integrity != integrity_id::none) {
        const auto info = find_integrity(integrity);
        if (!info) return errc::unsupported_transform;
        sizes.integrity = info->key_size;
    }
    return sizes;
}

}  // namespace

result<secret_bytes> derive_skeyseed(prf_id prf_alg, bytes_view nonce_i, bytes_view nonce_r,
                                     const secret_bytes& shared_secret) {
    seed_buffer key;
    key.append(nonce_i).append(nonce_r);
    return prf(prf_alg, key.view(), shared_secret.expose());
}

result<secret_bytes> derive_rekey_skeyseed(prf_id old_prf, const secret_bytes& old_sk_d,
                                           const secret_bytes& shared_secret, bytes_view nonce_i,
                                           bytes_view nonce_r) {
    seed_buffer data;
    data.append(shared_secret.expose()).append(nonce_i).append(nonce_r);
    return prf(old_prf, old_sk_d.expose(), data.view());
}

result<ike_sa_keys> derive_ike_sa_keys(const ike_suite& suite, const secret_bytes& skeyseed,
                                       bytes_view nonce_i, bytes_view nonce_r, std::uint64_t spi_i,
                                       std::uint64_t spi_r) {
    const auto prf_info = find_prf(suite.prf);
    if (!prf_info) return errc::unsupported_transform;
    RAVELIN_TRY(const key_sizes sizes, sizes_of(suite.encryption, suite.integrity));
    const std::size_t prf_key = prf_info->output_size;
    seed_buffer seed;
    seed.append(nonce_i).append(nonce_r).append_u64(spi_i).append_u64(spi_r);
    const std::size_t total = 3 * prf_key + 2 * sizes.integrity + 2 * sizes.encryption;
    RAVELIN_TRY(const secret_bytes stream, prf_plus(suite.prf, skeyseed.expose(), seed.view(), total));
    key_cutter cut(stream);
    ike_sa_keys keys;
    keys.sk_d = cut.take(prf_key);
    keys.sk_ai = cut.take(sizes.integrity);
    keys.sk_ar = cut.take(sizes.integrity);
    keys.sk_ei = cut.take(sizes.encryption);
    keys.sk_er = cut.take(sizes.encryption);
    keys.sk_pi = cut.take(prf_key);
    keys.sk_pr = cut.take(prf_key);
    return keys;
}

result<child_sa_keys> derive_child_sa_keys(prf_id prf_alg, const child_suite& suite, const secret_bytes& sk_d,
                                           const secret_bytes* pfs_shared_secret, bytes_view nonce_i,
                                           bytes_view nonce_r) {
    RAVELIN_TRY(const key_sizes sizes, sizes_of(suite.encryption, suite.integrity));
    seed_buffer seed;
    if (pfs_shared_secret != nullptr) seed.append(pfs_shared_secret->expose());
    seed.append(nonce_i).append(nonce_r);
    const std::size_t per_direction = sizes.encryption + sizes.integrity;
    RAVELIN_TRY(const secret_bytes keymat, prf_plus(prf_alg, sk_d.expose(), seed.view(), 2 * per_direction));
    key_cutter cut(keymat);
    child_sa_keys keys;
    keys.encryption_i = cut.take(sizes.encryption);
    keys.integrity_i = cut.take(sizes.integrity);
    keys.encryption_r = cut.take(sizes.encryption);
    keys.integrity_r = cut.take(sizes.integrity);
    return keys;
}

}  // namespace ravelin::cp::ike::crypto
