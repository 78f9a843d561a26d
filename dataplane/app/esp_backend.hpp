#pragma once
// The SA table of ravelin-dp: ring records (IANA transform ids, as negotiated)
// become the ESP engine's sa_config and are installed into its preallocated
// table with the main lcore's IPsec-MB manager.

#include <cstdint>
#include <vector>

#include "common/result.hpp"
#include "common/shm/records.hpp"
#include "dataplane/crypto/mb_manager.hpp"
#include "dataplane/ctl/applier.hpp"
#include "dataplane/ipsec/sa_table.hpp"

namespace ravelin::dp::app {

// IANA ids -> engine enums; unknown or unsupported combinations give
// command_error::unsupported, impossible values command_error::malformed.
struct translated {
    ipsec::sa_config config;
    common::shm::command_error error = common::shm::command_error::none;
};
translated to_sa_config(const common::shm::sa_record& sa);

class esp_backend final : public ctl::sa_backend {
public:
    esp_backend(ipsec::sa_table& table, crypto::mb_manager& mgr);

    ctl::install_result install(const common::shm::sa_record& sa) override;
    void remove(std::uint32_t index) override;
    [[nodiscard]] ctl::sa_usage usage(std::uint32_t index) const override;

    // reqid of each installed SA, by index: the inbound inner-policy check
    // (written before the SA is published to the workers).
    [[nodiscard]] const std::uint32_t* reqids() const noexcept { return _reqid.data(); }

private:
    ipsec::sa_table* _table;
    crypto::mb_manager* _mgr;
    std::vector<std::uint32_t> _reqid;
};

}  // namespace ravelin::dp::app
