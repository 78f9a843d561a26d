#include "common/shm/segment.hpp"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <new>
#include <utility>

namespace ravelin::common::shm {
namespace {

class shm_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "shm"; }
    std::string message(int value) const override {
        switch (static_cast<shm_errc>(value)) {
            case shm_errc::os_error: return "shared memory system call failed";
            case shm_errc::not_found: return "no shared-memory segment of that name (is ravelin-dp running?)";
            case shm_errc::layout_mismatch: return "shared-memory segment has another layout version";
            case shm_errc::in_use: return "shared-memory segment is owned by another running ravelin-dp";
            case shm_errc::bad_name: return "segment name must be /name";
        }
        return "unknown shm error";
    }
};

constexpr std::size_t segment_size = sizeof(segment_layout);

bool valid_name(const std::string& name) {
    return name.size() > 1 && name.size() < 250 && name[0] == '/' && name.find('/', 1) == std::string::npos;
}

// RAII for the descriptor between shm_open and mmap.
struct fd_guard {
    int fd;
    ~fd_guard() {
        if (fd >= 0) ::close(fd);
    }
};

bool layout_matches(const segment_layout& layout) {
    return layout.header.magic.load(std::memory_order_acquire) == segment_magic &&
           layout.header.version == layout_version && layout.header.header_size == sizeof(segment_header) &&
           layout.header.total_size == segment_size;
}

bool process_alive(std::int32_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

std::uint64_t next_generation(std::uint64_t previous) {
    // Wall-clock nanoseconds keep generations distinct even across a removed
    // and recreated segment; previous + 1 keeps them increasing if the clock steps back.
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto ns = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
    return std::max(previous + 1, ns);
}

void initialise(segment_layout& layout) {
    // The file was just truncated to zero bytes and grown: all zero. Construct
    // the atomics in place and fill the header, magic last.
    new (&layout.header) segment_header{};
    layout.header.version = layout_version;
    layout.header.header_size = sizeof(segment_header);
    layout.header.total_size = segment_size;
    layout.header.magic.store(segment_magic, std::memory_order_release);
}

void take_over(segment_layout& layout) {
    // Commands a previous ravelin-dp never applied are dropped (ravelin-ike
    // replays everything on the new generation) and wiped: they may hold keys.
    ring_consumer<command_record, command_slots> consumer(layout.commands);
    consumer.discard_pending();
    for (auto& block : layout.sa_counters) {
        block.tag.store(0, std::memory_order_relaxed);
        block.packets.store(0, std::memory_order_relaxed);
        block.bytes.store(0, std::memory_order_relaxed);
        block.drops.store(0, std::memory_order_relaxed);
    }
    for (auto& block : layout.lcore_counters) {
        for (auto& value : block.value) value.store(0, std::memory_order_relaxed);
    }
}

}  // namespace

void secure_wipe(void* data, std::size_t size) noexcept { ::explicit_bzero(data, size); }

const std::error_category& shm_category() noexcept {
    static const shm_category_impl category;
    return category;
}

segment::segment(std::string name, segment_layout* layout, std::uint64_t device, std::uint64_t inode) noexcept
    : _name(std::move(name)), _layout(layout), _device(device), _inode(inode) {}

segment::segment(segment&& other) noexcept
    : _name(std::move(other._name)),
      _layout(std::exchange(other._layout, nullptr)),
      _device(other._device),
      _inode(other._inode) {}

segment& segment::operator=(segment&& other) noexcept {
    if (this != &other) {
        if (_layout != nullptr) ::munmap(_layout, segment_size);
        _name = std::move(other._name);
        _layout = std::exchange(other._layout, nullptr);
        _device = other._device;
        _inode = other._inode;
    }
    return *this;
}

segment::~segment() {
    if (_layout != nullptr) ::munmap(_layout, segment_size);
}

result<segment> segment::create(const std::string& name) {
    if (!valid_name(name)) return shm_errc::bad_name;
    fd_guard fd{::shm_open(name.c_str(), O_RDWR | O_CREAT, 0600)};
    if (fd.fd < 0) return shm_errc::os_error;
    struct stat st {};
    if (::fstat(fd.fd, &st) != 0) return shm_errc::os_error;
    const bool reusable_size = static_cast<std::size_t>(st.st_size) == segment_size;

    void* map = ::mmap(nullptr, segment_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd.fd,
                       0);  // mapping beyond a shorter file is fixed below before any access
    if (map == MAP_FAILED) return shm_errc::os_error;
    auto* layout = static_cast<segment_layout*>(map);

    std::uint64_t previous = 0;
    if (reusable_size && layout_matches(*layout)) {
        const std::int32_t owner = layout->header.owner_pid.load(std::memory_order_acquire);
        if (owner != ::getpid() && process_alive(owner)) {
            ::munmap(map, segment_size);
            return shm_errc::in_use;
        }
        previous = layout->header.generation.load(std::memory_order_acquire);
        take_over(*layout);
    } else {
        // New, or another layout: start from zeroes.
        if (::ftruncate(fd.fd, 0) != 0 || ::ftruncate(fd.fd, static_cast<off_t>(segment_size)) != 0) {
            ::munmap(map, segment_size);
            return shm_errc::os_error;
        }
        initialise(*layout);
    }
    layout->header.owner_pid.store(::getpid(), std::memory_order_release);
    layout->header.generation.store(next_generation(previous), std::memory_order_release);
    return segment(name, layout, st.st_dev, st.st_ino);
}

result<segment> segment::attach(const std::string& name) {
    if (!valid_name(name)) return shm_errc::bad_name;
    fd_guard fd{::shm_open(name.c_str(), O_RDWR, 0)};
    if (fd.fd < 0) return errno == ENOENT ? shm_errc::not_found : shm_errc::os_error;
    struct stat st {};
    if (::fstat(fd.fd, &st) != 0) return shm_errc::os_error;
    if (static_cast<std::size_t>(st.st_size) != segment_size) return shm_errc::layout_mismatch;
    void* map = ::mmap(nullptr, segment_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd.fd, 0);
    if (map == MAP_FAILED) return shm_errc::os_error;
    auto* layout = static_cast<segment_layout*>(map);
    if (!layout_matches(*layout)) {
        ::munmap(map, segment_size);
        return shm_errc::layout_mismatch;
    }
    return segment(name, layout, st.st_dev, st.st_ino);
}

void segment::remove(const std::string& name) noexcept { ::shm_unlink(name.c_str()); }

bool segment::replaced() const noexcept {
    fd_guard fd{::shm_open(_name.c_str(), O_RDONLY, 0)};
    if (fd.fd < 0) return true;
    struct stat st {};
    if (::fstat(fd.fd, &st) != 0) return true;
    return st.st_dev != _device || st.st_ino != _inode;
}

}  // namespace ravelin::common::shm
