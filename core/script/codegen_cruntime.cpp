// The helpers every generated C program starts with: printing in the journal's format,
// addresses as text both ways, descriptor passing, expectation checks.
#include "core/script/codegenruntime.h"

namespace sks::script {

const std::string_view kCRuntime = R"C(
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunused-function" /* not every lesson needs every helper */
#endif

/* One socket of the lesson, and what Sockscope remembers about it. */
struct sk {
    int fd;
    int type;                      /* SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET */
    int nonblocking;
    struct sockaddr_storage addr;  /* the address it was last bound to: its name stands for it */
    socklen_t addrlen;
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)]; /* the Unix socket file it made */
    int keep;                      /* keepfile(s, on): leave that file behind after close */
};

static char private_dir[64];

static const char *errname(int e)
{
    static char other[16];
    for (size_t i = 0; i < sizeof errnames / sizeof errnames[0]; ++i)
        if (errnames[i].code == e)
            return errnames[i].name;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
    if (strerrorname_np(e))
        return strerrorname_np(e);
#endif
    snprintf(other, sizeof other, "E%d", e);
    return other;
}

/* Bytes as strace shows them: "hello\n", at most `limit` of them, then "...". */
static const char *quote(char *out, size_t size, const char *p, long n, long limit)
{
    size_t o = 0;
    long shown = n < limit ? n : limit;
    out[o++] = '"';
    for (long i = 0; i < shown && o + 8 < size; ++i) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\n') o += (size_t)snprintf(out + o, size - o, "\\n");
        else if (c == '\r') o += (size_t)snprintf(out + o, size - o, "\\r");
        else if (c == '\t') o += (size_t)snprintf(out + o, size - o, "\\t");
        else if (c == '\\' || c == '"') o += (size_t)snprintf(out + o, size - o, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f) out[o++] = (char)c;
        else o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
    }
    snprintf(out + o, size - o, shown < n ? "\"..." : "\"");
    return out;
}

/* Prints one call the way Sockscope's journal does: "bind(3, 127.0.0.1:0) = 0". */
static void show(long rc, int err, const char *tail, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (rc < 0)
        printf(" = -1 %s", errname(err));
    else
        printf(" = %ld", rc);
    printf("%s%s\n", *tail ? " " : "", tail);
    fflush(stdout);
}

static void say(const char *text)
{
    printf("# %s\n", text);
    fflush(stdout);
}

/* What a receive returned, as the journal adds it after the result. */
static const char *received(char *out, size_t size, const struct sk *s, const char *buf, long rc)
{
    if (rc > 0 || (rc == 0 && s->type != SOCK_STREAM))
        return quote(out, size, buf, rc, 32);
    return "";
}

/* An address as Sockscope prints it: 127.0.0.1:80, [::1]:80, /path, ./path, @name. */
static const char *addr_text(const struct sockaddr_storage *ss, socklen_t len, char *out, size_t size)
{
    char host[INET6_ADDRSTRLEN] = "";
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        snprintf(out, size, "%s:%u", host, ntohs(a->sin_port));
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        char scope[16] = "";
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        if (a->sin6_scope_id)
            snprintf(scope, sizeof scope, "%%%u", (unsigned)a->sin6_scope_id);
        snprintf(out, size, "[%s%s]:%u", host, scope, ntohs(a->sin6_port));
    } else if (ss->ss_family == AF_UNIX && len > offsetof(struct sockaddr_un, sun_path)) {
        const struct sockaddr_un *a = (const struct sockaddr_un *)ss;
        size_t n = len - offsetof(struct sockaddr_un, sun_path);
        if (a->sun_path[0] == '\0') {
            char q[400];
            quote(q, sizeof q, a->sun_path + 1, (long)n - 1, 108);
            q[strlen(q) - 1] = '\0';
            snprintf(out, size, "@%s", q + 1);
        } else {
            const char *dot = (a->sun_path[0] == '/' || strncmp(a->sun_path, "./", 2) == 0 || strncmp(a->sun_path, "../", 3) == 0) ? "" : "./";
            snprintf(out, size, "%s%.*s", dot, (int)strnlen(a->sun_path, n), a->sun_path);
        }
    } else if (ss->ss_family == AF_UNIX) {
        snprintf(out, size, "(unnamed)");
    } else {
        snprintf(out, size, "?");
    }
    return out;
}

/* Text (as a lesson writes an address) to a sockaddr; 0 when it is not one. */
static socklen_t endpoint(const char *text, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (text[0] == '/' || text[0] == '.' || text[0] == '@') {
        struct sockaddr_un *a = (struct sockaddr_un *)ss;
        size_t n = 0;
        a->sun_family = AF_UNIX;
        if (text[0] != '@') {
            snprintf(a->sun_path, sizeof a->sun_path, "%s", text);
            return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1);
        }
        for (const char *p = text + 1; *p && n + 1 < sizeof a->sun_path; ++p) {
            unsigned v;
            if (p[0] == '\\' && p[1] == 'x' && sscanf(p + 2, "%2x", &v) == 1) {
                a->sun_path[1 + n++] = (char)v;
                p += 3;
            } else {
                a->sun_path[1 + n++] = *p;
            }
        }
        return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
    }
    char host[256];
    const char *colon = strrchr(text, ':');
    if (!colon)
        return 0;
    const char *h = text[0] == '[' ? text + 1 : text;
    size_t hn = (size_t)(colon - h) - (text[0] == '[' ? 1 : 0);
    snprintf(host, sizeof host, "%.*s", (int)hn, h);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    if (getaddrinfo(host, colon + 1, &hints, &res) != 0 || !res)
        return 0;
    socklen_t len = res->ai_addrlen;
    memcpy(ss, res->ai_addr, len);
    freeaddrinfo(res);
    return len;
}

static void reset(struct sk *s)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
}

/* getsockname(): the address the socket's name stands for from now on. */
static void remember(struct sk *s)
{
    struct sockaddr_storage a;
    socklen_t len = sizeof a;
    if (s->fd >= 0 && getsockname(s->fd, (struct sockaddr *)&a, &len) == 0) {
        s->addr = a;
        s->addrlen = len;
    }
}

/* A Unix socket bound to a path made a file; Sockscope removes it when the socket closes. */
static void note_file(struct sk *s, const struct sockaddr_storage *to, socklen_t len)
{
    const struct sockaddr_un *a = (const struct sockaddr_un *)to;
    if (to->ss_family == AF_UNIX && len > offsetof(struct sockaddr_un, sun_path) + 1 && a->sun_path[0] != '\0')
        snprintf(s->path, sizeof s->path, "%s", a->sun_path);
}

static void remove_file(struct sk *s, int quietly)
{
    struct stat st;
    if (s->path[0] && (!s->keep || quietly) && lstat(s->path, &st) == 0 && S_ISSOCK(st.st_mode)) {
        char q[400], full[4200];
        int rc = unlink(s->path), err = errno;
        if (!quietly) {
            snprintf(full, sizeof full, "%s%s%s", s->path[0] == '/' ? "" : private_dir, s->path[0] == '/' ? "" : "/", s->path[0] == '.' && s->path[1] == '/' ? s->path + 2 : s->path);
            show(rc, err, "", "unlink(%s)", quote(q, sizeof q, full, (long)strlen(full), 256));
        }
    }
    s->path[0] = '\0';
}

static void set_nonblocking(struct sk *s, int on)
{
    int flags = fcntl(s->fd, F_GETFL);
    if (flags >= 0)
        fcntl(s->fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
    s->nonblocking = on;
}

/* sendmsg() with SCM_RIGHTS: `passed` travels with the bytes. */
static long send_fd(int fd, int passed, const char *data, size_t len)
{
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { (void *)data, len };
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    memset(control, 0, sizeof control);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &passed, sizeof(int));
    return sendmsg(fd, &msg, MSG_NOSIGNAL);
}

/* recvmsg() expecting SCM_RIGHTS; *got is the received descriptor or -1. */
static long recv_fd(int fd, char *buf, size_t len, int *got)
{
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { buf, len };
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    *got = -1;
    long rc = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
    for (struct cmsghdr *c = rc >= 0 ? CMSG_FIRSTHDR(&msg) : NULL; c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            memcpy(got, CMSG_DATA(c), sizeof(int));
    return rc;
}

/* getsockopt() printed as the journal does; the value goes to *value. */
static long get_option(int fd, int level, int name, const char *levelname, const char *optname, int *value, int *err)
{
    char tail[64] = "";
    long rc;
    *value = 0;
    if (name == SO_LINGER && level == SOL_SOCKET) {
        struct linger lg = { 0, 0 };
        socklen_t len = sizeof lg;
        rc = getsockopt(fd, level, name, &lg, &len);
        *err = errno;
        *value = lg.l_onoff;
        snprintf(tail, sizeof tail, "{l_onoff=%d, l_linger=%d}", lg.l_onoff, lg.l_linger);
    } else {
        socklen_t len = sizeof *value;
        rc = getsockopt(fd, level, name, value, &len);
        *err = errno;
        snprintf(tail, sizeof tail, name == SO_ERROR && *value ? "[%d] (%s)" : "[%d]", *value, errname(*value));
    }
    show(rc, *err, rc < 0 ? "" : tail, "getsockopt(%d, %s, %s)", fd, levelname, optname);
    return rc;
}

static void expect_that(int line, int held, long rc, int err, const char *want)
{
    if (held)
        return;
    if (rc < 0)
        fprintf(stderr, "line %d: = -1 %s, expected %s\n", line, errname(err), want);
    else
        fprintf(stderr, "line %d: = %ld, expected %s\n", line, rc, want);
    exit(1);
}

/* Relative Unix paths (./x.sock) live in a fresh private directory, as in Sockscope. */
static void enter_private_dir(void)
{
    snprintf(private_dir, sizeof private_dir, "/tmp/sockscope-XXXXXX");
    if (!mkdtemp(private_dir) || chdir(private_dir) != 0) {
        perror("mkdtemp");
        exit(2);
    }
}

static void leave_private_dir(void)
{
    if (chdir("/") == 0)
        rmdir(private_dir);
}
)C";

} // namespace sks::script
