// The helpers every generated Python program starts with.
#include "core/script/codegenruntime.h"

namespace sks::script {

const std::string_view kPythonRuntime = R"PY(
ALL = []  # every socket object made, so the garbage collector closes none of them


class Sk:
    """One socket of the lesson, and what Sockscope remembers about it."""

    def __init__(self):
        self.sock = None
        self.type = socket.SOCK_STREAM
        self.nonblocking = False
        self.addr = None  # the address it was last bound to: its name stands for it
        self.path = ""    # the Unix socket file it made
        self.keep = False

    @property
    def fd(self):
        return self.sock.fileno() if self.sock is not None else -1


def adopt(sk, sock, like=None):
    sk.__init__()
    sk.sock = sock
    if sock is not None:
        ALL.append(sock)
        sk.type = sock.type
        sk.nonblocking = like.nonblocking if like else False
        if sk.nonblocking:
            sock.setblocking(False)
        remember(sk)


def remember(sk):
    try:
        sk.addr = sk.sock.getsockname()
    except (OSError, AttributeError):
        pass


def errname(e):
    return ERRNAMES.get(e) or errno.errorcode.get(e, "E%d" % e)


def quote(data, limit=32):
    """Bytes as strace shows them: "hello\n", at most `limit` of them, then "..."."""
    out = '"'
    for b in data[:limit]:
        if b == 10:
            out += "\\n"
        elif b == 13:
            out += "\\r"
        elif b == 9:
            out += "\\t"
        elif b in (0x22, 0x5C):
            out += "\\" + chr(b)
        elif 0x20 <= b < 0x7F:
            out += chr(b)
        else:
            out += "\\x%02x" % b
    return out + ('"...' if len(data) > limit else '"')


def show(rc, err, text, tail=""):
    """Prints one call the way Sockscope's journal does: bind(3, 127.0.0.1:0) = 0."""
    line = text + (" = -1 " + errname(err) if rc < 0 else " = %d" % rc)
    print(line + (" " + tail if tail else ""), flush=True)


def say(text):
    sys.stdout.flush()
    sys.stdout.buffer.write(b"# " + text + b"\n")
    sys.stdout.buffer.flush()


def call(fn, *args):
    """One socket call: (its result, 0) or (-1, errno)."""
    try:
        result = fn(*args)
        return (0 if result is None else result), 0
    except OSError as e:
        return -1, e.errno


def received(sk, data, rc):
    if rc > 0 or (rc == 0 and sk.type != socket.SOCK_STREAM):
        return quote(data)
    return ""


def addr_text(addr):
    """An address as Sockscope prints it: 127.0.0.1:80, [::1]:80, /path, ./path, @name."""
    if isinstance(addr, tuple) and len(addr) == 2:
        return "%s:%d" % addr
    if isinstance(addr, tuple):
        host, port, _, scope = addr
        return "[%s%s]:%d" % (host, "%%%d" % scope if scope and "%" not in host else "", port)
    if isinstance(addr, (bytes, bytearray)):
        if addr[:1] == b"\0":
            return "@" + quote(bytes(addr[1:]), 108)[1:-1]
        addr = bytes(addr).decode(errors="surrogateescape")
    if not addr:
        return "(unnamed)"
    return addr if addr.startswith(("/", "./", "../")) else "./" + addr


def endpoint(text):
    """Text (as a lesson writes an address) to what Python's socket calls take."""
    if text.startswith(("/", ".")):
        return text
    if text.startswith("@"):
        name = re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), text[1:])
        return b"\0" + name.encode("latin-1")
    host, _, port = text.rpartition(":")
    if host.startswith("["):
        host = host[1:-1]
    return socket.getaddrinfo(host, int(port), 0, socket.SOCK_STREAM)[0][4]


def note_file(sk, addr):
    if isinstance(addr, str) and addr:
        sk.path = addr


def remove_file(sk, quietly):
    """Sockscope removes a Unix socket's file when the socket closes (unless keepfile)."""
    if sk.path and (quietly or not sk.keep):
        try:
            if stat.S_ISSOCK(os.lstat(sk.path).st_mode):
                full = os.path.join(PRIVATE_DIR, sk.path[2:] if sk.path.startswith("./") else sk.path)
                rc, err = call(os.unlink, sk.path)
                if not quietly:
                    show(rc, err, "unlink(%s)" % quote(full.encode(), 256))
        except OSError:
            pass
    sk.path = ""


def set_nonblocking(sk, on):
    sk.sock.setblocking(not on)
    sk.nonblocking = on


def get_option(sk, level, name, levelname, optname):
    """getsockopt() printed as the journal does: (result, errno, value)."""
    if name == socket.SO_LINGER and level == socket.SOL_SOCKET:
        rc, err = call(sk.sock.getsockopt, level, name, 8)
        onoff, seconds = struct.unpack("ii", rc) if err == 0 else (0, 0)
        tail, value, rc = "{l_onoff=%d, l_linger=%d}" % (onoff, seconds), onoff, (0 if err == 0 else -1)
    else:
        rc, err = call(sk.sock.getsockopt, level, name)
        value = rc if err == 0 else 0
        rc = 0 if err == 0 else -1
        tail = "[%d]" % value + (" (%s)" % errname(value) if name == socket.SO_ERROR and value else "")
    show(rc, err, "getsockopt(%d, %s, %s)" % (sk.fd, levelname, optname), tail if rc == 0 else "")
    return rc, err, value


def expect(line, held, rc, err, want):
    if held:
        return
    got = "= -1 %s" % errname(err) if rc < 0 else "= %d" % rc
    print("line %d: %s, expected %s" % (line, got, want), file=sys.stderr, flush=True)
    sys.exit(1)
)PY";

} // namespace sks::script
