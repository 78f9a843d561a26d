// Line-oriented driver that exposes the ESP engine to esp_crossval.py, which
// checks it against scapy (an independent implementation) in one process.
//   sa DIR MODE CIPHER|ah INTEG KEY IKEY ESN ENCAP SRC DST WINDOW INITIAL_SEQ TFC SPI [ipcomp=CPI] -> ok INDEX
//   run INDEX HEX[,HEX...]                                                     -> G:HEX,... D:REASON,...
//   state INDEX                                                                -> top=.. seq=.. packets=.. bytes=.. drops=r:n,...
// Hex strings and lists use "-" for empty.
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "eal_env.hpp"
#include "dataplane/ipsec/engine.hpp"
#include "test_util.hpp"

namespace {

using namespace ravelin::dp;
using ravelin::dp::test::bytes;

std::string to_hex(const bytes& b) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (std::uint8_t c : b) {
        s += digits[c >> 4];
        s += digits[c & 15];
    }
    return s.empty() ? "-" : s;
}

bytes hex_or_empty(const std::string& s) { return s == "-" ? bytes{} : test::from_hex(s); }

ipsec::cipher_alg parse_cipher(const std::string& s) {
    if (s == "cbc") return ipsec::cipher_alg::aes_cbc;
    if (s == "chacha") return ipsec::cipher_alg::chacha20_poly1305;
    if (s == "gmac") return ipsec::cipher_alg::aes_gmac;
    return ipsec::cipher_alg::aes_gcm_16;
}

ipsec::integ_alg parse_integ(const std::string& s) {
    if (s == "sha1") return ipsec::integ_alg::hmac_sha1_96;
    if (s == "sha256") return ipsec::integ_alg::hmac_sha256_128;
    if (s == "sha384") return ipsec::integ_alg::hmac_sha384_192;
    if (s == "sha512") return ipsec::integ_alg::hmac_sha512_256;
    return ipsec::integ_alg::none;
}

std::string add_sa(std::istringstream& in, ipsec::sa_table& table, crypto::mb_manager& mgr) {
    std::string dir, mode, cipher, integ, key, ikey, src, dst;
    int esn = 0, encap = 0;
    std::uint32_t window = 0, tfc = 0, spi = 0;
    std::uint64_t initial = 0;
    in >> dir >> mode >> cipher >> integ >> key >> ikey >> esn >> encap >> src >> dst >> window >> initial >> tfc >> spi;
    ipsec::sa_config c;
    c.dir = dir == "in" ? ipsec::direction::inbound : ipsec::direction::outbound;
    c.mode = mode == "transport" ? ipsec::ipsec_mode::transport : ipsec::ipsec_mode::tunnel;
    c.proto = cipher == "ah" ? ipsec::ipsec_proto::ah : ipsec::ipsec_proto::esp;
    c.cipher = parse_cipher(cipher);
    c.integ = parse_integ(integ);
    c.cipher_key = ravelin::common::secret_bytes(hex_or_empty(key));
    c.integ_key = ravelin::common::secret_bytes(hex_or_empty(ikey));
    c.esn = esn != 0;
    if (encap != 0) c.encap = ipsec::udp_encap{4500, 4500};
    if (src != "-") c.tunnel_src = test::addr(src);
    if (dst != "-") c.tunnel_dst = test::addr(dst);
    c.replay_window = window;
    c.initial_seq = initial;
    c.tfc_pad_to = static_cast<std::uint16_t>(tfc);
    c.spi = ipsec::spi{spi};
    for (std::string opt; in >> opt;) {  // optional trailing settings
        if (opt.rfind("ipcomp=", 0) == 0) c.ipcomp = ipsec::ipcomp_config{static_cast<std::uint16_t>(std::stoul(opt.substr(7))), 128};
    }
    auto r = table.add(c, mgr);
    if (!r) return "error " + r.error().message();
    return "ok " + std::to_string(r->value);
}

std::string run(std::istringstream& in, ipsec::esp_engine& engine, rte_mempool* pool) {
    std::uint32_t index = 0;
    std::string list;
    in >> index >> list;
    std::vector<rte_mbuf*> mbufs;
    std::stringstream items(list);
    for (std::string item; std::getline(items, item, ',');) mbufs.push_back(test::to_mbuf(pool, hex_or_empty(item)));
    std::vector<ipsec::drop_reason> reasons(mbufs.size());
    const std::uint16_t ok = engine.process(ipsec::sa_index{index}, mbufs, reasons);
    std::string good = "G:", dropped = " D:";
    for (std::size_t i = 0; i < mbufs.size(); ++i) {
        if (i < ok) {
            good += (i ? "," : "") + to_hex(test::from_mbuf(mbufs[i]));
        } else {
            dropped += (i > ok ? "," : "") + std::string(ipsec::drop_reason_name(reasons[i]));
        }
        rte_pktmbuf_free(mbufs[i]);
    }
    return good + (ok == 0 ? "-" : "") + dropped + (ok == mbufs.size() ? "-" : "");
}

std::string state(std::istringstream& in, ipsec::sa_table& table) {
    std::uint32_t index = 0;
    in >> index;
    const ipsec::sa_runtime& rt = table.runtime(ipsec::sa_index{index});
    std::ostringstream out;
    out << "top=" << rt.replay.top << " seq=" << rt.seq << " packets=" << rt.packets << " bytes=" << rt.bytes << " drops=";
    const auto& drops = table.stats(ipsec::sa_index{index}).drops;
    for (std::size_t r = 1; r < drops.size(); ++r) {
        out << (r > 1 ? "," : "") << ipsec::drop_reason_name(static_cast<ipsec::drop_reason>(r)) << ":" << drops[r];
    }
    return out.str();
}

}  // namespace

int main() {
    rte_mempool* pool = test::test_pool();
    auto m = crypto::mb_manager::create();
    if (!m) {
        std::cerr << "manager: " << m.error().message() << "\n";
        return 1;
    }
    crypto::mb_manager mgr = std::move(m).value();
    ipsec::sa_table table({256, 4096});
    ipsec::esp_engine engine(mgr, table);
    for (std::string line; std::getline(std::cin, line);) {
        std::istringstream in(line);
        std::string verb;
        in >> verb;
        if (verb == "sa") {
            std::cout << add_sa(in, table, mgr) << std::endl;
        } else if (verb == "run") {
            std::cout << run(in, engine, pool) << std::endl;
        } else if (verb == "state") {
            std::cout << state(in, table) << std::endl;
        } else if (verb == "del") {
            std::uint32_t index = 0;
            in >> index;
            std::cout << (table.remove(ipsec::sa_index{index}) ? "ok" : "error") << std::endl;
        } else {
            std::cout << "error unknown verb" << std::endl;
        }
    }
    rte_eal_cleanup();
    return 0;
}
