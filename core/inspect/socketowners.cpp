// Who owns each socket: one pass over /proc/<pid>/fd, the way `ss -p` does it, but with
// directory descriptors (openat/readlinkat on short relative names) and raw getdents64, so
// the kernel walks no full path per descriptor.
#include "core/inspect/socketsources.h"

#include "core/sys/fd.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace sks::inspect::detail {
namespace {

// More entries than any /proc or fd table can hold (fs.nr_open caps fds at ~1 billion,
// pid_max at ~4 million); only there to bound the loops.
constexpr std::size_t kMaxDirectoryEntries = std::size_t{1} << 31;
constexpr std::size_t kDirectoryBufferSize = 65536;

// A non-negative decimal name ("1234"), or nullopt for ".", "self", "sys"...
std::optional<int> numericName(const char* name) noexcept
{
    int value = 0;
    const char* end = name + std::strlen(name);
    const auto [last, ec] = std::from_chars(name, end, value);
    if (ec != std::errc{} || last != end || name == end || value < 0)
        return std::nullopt;
    return value;
}

// Calls `visit(name)` for each entry of the open directory `dirFd`.
template <class Visit>
SysResult<void> forEachEntry(int dirFd, std::vector<char>& buffer, Visit visit)
{
    std::size_t seen = 0;
    while (seen < kMaxDirectoryEntries) {
        const ssize_t n = ::getdents64(dirFd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return std::unexpected(SysError{errno, "getdents64"});
        if (n == 0)
            return {};
        for (ssize_t offset = 0; offset < n; ++seen) {
            const auto* entry = reinterpret_cast<const dirent64*>(buffer.data() + offset);
            visit(static_cast<const char*>(entry->d_name));
            offset += entry->d_reclen;
        }
    }
    return std::unexpected(SysError{E2BIG, "getdents64"});
}

// The inode of a "socket:[12345]" link target, or nullopt for anything else.
std::optional<std::uint64_t> socketInode(std::string_view target) noexcept
{
    constexpr std::string_view prefix = "socket:[";
    if (!target.starts_with(prefix) || !target.ends_with(']'))
        return std::nullopt;
    std::uint64_t inode = 0;
    const char* first = target.data() + prefix.size();
    const char* last = target.data() + target.size() - 1;
    const auto [end, ec] = std::from_chars(first, last, inode);
    if (ec != std::errc{} || end != last)
        return std::nullopt;
    return inode;
}

// /proc/<pid>/comm without its newline; empty when the process is gone.
std::string readComm(int procFd, int pid)
{
    std::array<char, 32> path{};
    std::snprintf(path.data(), path.size(), "%d/comm", pid);
    Fd fd(::openat(procFd, path.data(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        return {};
    std::array<char, 64> text{};
    ssize_t n = -1;
    do {
        n = ::read(fd.get(), text.data(), text.size());
    } while (n < 0 && errno == EINTR);
    if (n <= 0)
        return {};
    std::string_view comm(text.data(), static_cast<std::size_t>(n));
    if (comm.ends_with('\n'))
        comm.remove_suffix(1);
    return std::string(comm);
}

struct ProcessScan {
    int procFd;
    int pid;
    OwnerTable& table;
    std::vector<char>& buffer;
};

void scanProcess(const ProcessScan& scan)
{
    std::array<char, 32> path{};
    std::snprintf(path.data(), path.size(), "%d/fd", scan.pid);
    Fd fdDir(::openat(scan.procFd, path.data(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fdDir) {
        // ENOENT/ESRCH: the process exited since /proc was listed; not an error.
        if (errno == EACCES || errno == EPERM)
            ++scan.table.unreadableProcesses;
        return;
    }
    std::optional<std::string> comm; // read once, on the first socket found
    std::array<char, 64> target;
    // A failed listing (the process exiting midway) keeps what was read so far.
    static_cast<void>(forEachEntry(fdDir.get(), scan.buffer, [&](const char* name) {
        const auto fd = numericName(name);
        if (!fd)
            return;
        const ssize_t n = ::readlinkat(fdDir.get(), name, target.data(), target.size());
        if (n <= 0) // the descriptor was closed meanwhile
            return;
        const auto inode = socketInode(std::string_view(target.data(), static_cast<std::size_t>(n)));
        if (!inode)
            return;
        if (!comm)
            comm = readComm(scan.procFd, scan.pid);
        // /proc lists pids and fds in ascending order: the first owner seen is the lowest.
        scan.table.byInode.try_emplace(*inode, SocketOwner{scan.pid, *fd, *comm});
    }));
}

} // namespace

SysResult<OwnerTable> scanSocketOwners()
{
    Fd proc(::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!proc)
        return std::unexpected(SysError{errno, "open(/proc)"});
    OwnerTable table;
    std::vector<char> procBuffer(kDirectoryBufferSize);
    std::vector<char> fdBuffer(kDirectoryBufferSize);
    auto listed = forEachEntry(proc.get(), procBuffer, [&](const char* name) {
        if (const auto pid = numericName(name))
            scanProcess(ProcessScan{proc.get(), *pid, table, fdBuffer});
    });
    if (!listed)
        return std::unexpected(listed.error());
    return table;
}

} // namespace sks::inspect::detail
