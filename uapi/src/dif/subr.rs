//! The fixed, typed subroutine table (`call rD, name, rS`).

use super::Ty;
use super::Ty::{Int, Str};

macro_rules! subrs {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal, [$($arg:ident),*] -> $ret:ident; )*) => {
        /// A subroutine; its number is `call`'s immediate.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Subr {
            $( $(#[$doc])* $variant = $code, )*
        }

        /// Every subroutine, in number order.
        pub const SUBRS: &[Subr] = &[ $( Subr::$variant, )* ];

        impl Subr {
            /// The subroutine with number `n`, if any.
            pub const fn from_u32(n: u32) -> Option<Subr> {
                match n {
                    $( $code => Some(Subr::$variant), )*
                    _ => None,
                }
            }

            /// Its name in D and in the assembler.
            pub const fn name(self) -> &'static str {
                match self {
                    $( Subr::$variant => $name, )*
                }
            }

            /// The types of its arguments, passed in consecutive registers.
            pub const fn args(self) -> &'static [Ty] {
                match self {
                    $( Subr::$variant => &[$($arg),*], )*
                }
            }

            /// The type of its result.
            pub const fn ret(self) -> Ty {
                match self {
                    $( Subr::$variant => $ret, )*
                }
            }
        }
    };
}

subrs! {
    /// `strlen(s)`: the length of `s`.
    Strlen = 0, "strlen", [Str] -> Int;
    /// `strcmp(a, b)`: -1, 0 or 1 as `a` sorts before, equal to or after `b`.
    Strcmp = 1, "strcmp", [Str, Str] -> Int;
    /// `strjoin(a, b)`: `a` followed by `b`, in scratch, cut at `strsize`.
    Strjoin = 2, "strjoin", [Str, Str] -> Str;
    /// `substr(s, start, len)`: bytes of `s` from `start` (negative counts
    /// from the end), at most `len` of them (negative: all).
    Substr = 3, "substr", [Str, Int, Int] -> Str;
    /// `strcpy(s)`: a copy of `s` in scratch.
    Strcpy = 4, "strcpy", [Str] -> Str;
    /// `copyinstr(addr)`: a NUL-terminated user string, at most `strsize`.
    Copyinstr = 5, "copyinstr", [Int] -> Str;
    /// `stringof(addr)`: a NUL-terminated kernel string, at most `strsize`.
    Stringof = 6, "stringof", [Int] -> Str;
    /// `strchr(s, c)`: the index of the first byte `c` in `s`, or -1.
    Strchr = 7, "strchr", [Str, Int] -> Int;
    /// `ntohs(x)`: swap the low two bytes (little-endian hosts).
    Ntohs = 8, "ntohs", [Int] -> Int;
    /// `ntohl(x)`: swap the low four bytes (little-endian hosts).
    Ntohl = 9, "ntohl", [Int] -> Int;
    /// `ntohll(x)`: swap all eight bytes (little-endian hosts).
    Ntohll = 10, "ntohll", [Int] -> Int;
    /// `rand()`: a pseudo-random number from the environment.
    Rand = 11, "rand", [] -> Int;
    /// `index(s, t, start)`: the index of the first `t` in `s` from
    /// `start` on (a negative start is 0), or -1; [`NO_START`] for none.
    Index = 12, "index", [Str, Str, Int] -> Int;
    /// `rindex(s, t, start)`: the index of the last `t` in `s` at or
    /// before `start` (a negative start finds nothing), or -1;
    /// [`NO_START`] searches from the end.
    Rindex = 13, "rindex", [Str, Str, Int] -> Int;
    /// `toupper(s)`: `s` with ASCII letters upper-cased.
    Toupper = 14, "toupper", [Str] -> Str;
    /// `tolower(s)`: `s` with ASCII letters lower-cased.
    Tolower = 15, "tolower", [Str] -> Str;
    /// `lltostr(x, base)`: `x` as text in `base` (2-36; DTrace's forms).
    Lltostr = 16, "lltostr", [Int, Int] -> Str;
    /// `basename(s)`: the last component of the path `s`.
    Basename = 17, "basename", [Str] -> Str;
    /// `dirname(s)`: all but the last component of the path `s`.
    Dirname = 18, "dirname", [Str] -> Str;
    /// `strstr(s, t)`: `s` from the first `t` on, or "".
    Strstr = 19, "strstr", [Str, Str] -> Str;
    /// D's `strchr(s, c)`: `s` from the first byte `c` on, or "".
    StrchrStr = 20, "strchrs", [Str, Int] -> Str;
    /// D's `strrchr(s, c)`: `s` from the last byte `c` on, or "".
    StrrchrStr = 21, "strrchrs", [Str, Int] -> Str;
    /// D's `stack(n)` as a value (an aggregation key): at most `n` kernel
    /// return addresses, innermost first, as a string of 8-byte
    /// little-endian words in scratch.
    Kstack = 22, "kstack", [Int] -> Str;
    /// D's `ustack(n)` as a value (an aggregation key): the process ID,
    /// then at most `n` user return addresses, innermost first, as a
    /// string of 8-byte little-endian words in scratch.
    Ustack = 58, "ustack", [Int] -> Str;
    /// D's `usym(a)`, `ufunc(a)`, `umod(a)`, `uaddr(a)` as a value: the
    /// process ID, then `a`, as a string of two 8-byte little-endian
    /// words in scratch (the consumer names `a` in that process).
    Usym = 59, "usym", [Int] -> Str;
    /// D's `uregs[r]`: the current thread's user register `r`, numbered
    /// as DTrace numbers them on x86-64 (`struct pt_regs`'s order, then
    /// the segment registers and the trap number); 0 with no user
    /// registers (a kernel thread) or for one Linux does not save.
    Uregs = 60, "uregs", [Int] -> Int;
    /// A struct value's member (no D name): the `width` (at most 8)
    /// bytes of `s` from `offset`, little-endian, zero-extended; bytes
    /// past the end of `s` read 0 (an unset struct).
    BlobGet = 23, "blobget", [Str, Int, Int] -> Int;
    /// A struct value with one member written (no D name): `s` made
    /// `size` bytes long (cut, or zero-filled: an unset struct), in
    /// scratch, with the low `width` (at most 8) bytes of `value` stored
    /// at `offset` (bytes past `size` are dropped).
    BlobSet = 24, "blobset", [Str, Int, Int, Int, Int] -> Str;
    /// A struct value with a struct member written (no D name): `s` made
    /// `size` bytes long, in scratch, with `v` made `vsize` bytes long
    /// stored at `offset` (bytes past `size` are dropped).
    BlobPut = 25, "blobput", [Str, Int, Int, Str, Int] -> Str;
    /// `alloca(size)`: `size` zeroed bytes of scratch, 8-byte aligned,
    /// for the rest of the run; their scratch address. The second
    /// argument is `scratchsize`, the most all of a run's allocations may
    /// take (0: only scratch's own size bounds them).
    Alloca = 26, "alloca", [Int, Int] -> Int;
    /// `copyin(addr, size)`: `size` bytes of user memory at `addr` copied
    /// into newly allocated scratch (as `alloca`, whose limit is the third
    /// argument); their scratch address.
    Copyin = 27, "copyin", [Int, Int, Int] -> Int;
    /// `copyinto(addr, size, dest)`: `size` bytes of user memory at `addr`
    /// copied into scratch at `dest`, which must be allocated.
    Copyinto = 28, "copyinto", [Int, Int, Int] -> Int;
    /// `bcopy(src, dest, size)`: `size` bytes at kernel (or scratch)
    /// address `src` copied into scratch at `dest`, which must be
    /// allocated.
    Bcopy = 29, "bcopy", [Int, Int, Int] -> Int;
    /// A store through a pointer (no D name): the low `width` (1, 2, 4 or
    /// 8) bytes of `value` written at scratch address `addr`, which must
    /// be allocated; yields `value`.
    ScratchStore = 30, "scratchst", [Int, Int, Int] -> Int;
    /// `bcopy(s, dest, size)` of a string: its bytes, then NULs, `size`
    /// in all, into scratch at `dest`, which must be allocated.
    BcopyStr = 31, "bcopys", [Str, Int, Int] -> Int;
    /// `copyinstr(addr, maxlen)`: a NUL-terminated user string of at most
    /// `maxlen - 1` bytes (and at most `strsize`).
    CopyinstrN = 32, "copyinstrn", [Int, Int] -> Str;
    /// `strtok(s, delims, flags)`: the token of `s` (the rest of the
    /// string `strtok` works on): after the leading bytes found in
    /// `delims`, up to the next one; "" (DTrace's NULL) if none is left.
    /// Flags: [`STRTOK_SET`], [`STRTOK_REST`].
    Strtok = 33, "strtok", [Str, Str, Int] -> Str;
    /// `inet_ntop(af, addr, full)`: the address at `addr` as text,
    /// `AF_INET` (2) dotted, `AF_INET6` (10) as DTrace writes IPv6 (`full`
    /// 0: an embedded IPv4 address alone, as `inet_ntoa6`); any other
    /// family is an illegal operation.
    InetNtop = 34, "inet_ntop", [Int, Int, Int] -> Str;
    /// `link_ntop(type, addr)`: the hardware address at `addr` as
    /// colon-separated hex bytes, 6 for `ARPHRD_ETHER` (1), 20 for
    /// `ARPHRD_INFINIBAND` (32); any other type is an illegal operation.
    LinkNtop = 35, "link_ntop", [Int, Int] -> Str;
    /// `tracemem()`'s bytes (no D name): exactly `size` bytes at kernel
    /// (or scratch) address `addr`, NULs and all, as a string in scratch.
    Membytes = 36, "membytes", [Int, Int] -> Str;
    /// `strtoll(s, base)`: the integer `s` spells in `base` (2-36).
    Strtoll = 37, "strtoll", [Str, Int] -> Int;
    /// `speculation()`: a free speculation's id, or 0 if none is free.
    Speculation = 40, "speculation", [] -> Int;
    /// `cleanpath(s)`: the path with `//`, `.` and `..` resolved.
    Cleanpath = 50, "cleanpath", [Str] -> Str;
    /// `getmajor(dev)`: a `dev_t`'s major number (Linux: bits 20-31).
    Getmajor = 51, "getmajor", [Int] -> Int;
    /// `getminor(dev)`: a `dev_t`'s minor number (Linux: bits 0-19).
    Getminor = 52, "getminor", [Int] -> Int;
    /// `mutex_owned(m)`: 1 if the current thread holds the kernel mutex
    /// at `m`, else 0.
    MutexOwned = 53, "mutex_owned", [Int] -> Int;
    /// `mutex_owner(m)`: the `struct task_struct *` holding the kernel
    /// mutex at `m`, or 0.
    MutexOwner = 54, "mutex_owner", [Int] -> Int;
    /// `mutex_type_adaptive(m)`: 1 (every Linux mutex is adaptive).
    MutexTypeAdaptive = 55, "mutex_type_adaptive", [Int] -> Int;
    /// `mutex_type_spin(m)`: 0 (a Linux mutex never only spins).
    MutexTypeSpin = 56, "mutex_type_spin", [Int] -> Int;
    /// `progenyof(pid)`: 1 if the current process is `pid` or one of its
    /// descendants, else 0.
    Progenyof = 57, "progenyof", [Int] -> Int;
    /// `d_path(p)`: the path of the `struct path` at `p`, in scratch (see
    /// `interp::d_path`).
    DPath = 61, "d_path", [Int] -> Str;
    /// `raise(sig)`: sends signal `sig` to the current thread (the
    /// destructive action; 0 sends none). Returns 0.
    Raise = 62, "raise", [Int] -> Int;
}

/// The highest register `uregs[]` names (`R_TRAPNO`).
pub const MAX_UREG: u64 = 25;

/// `index`'s and `rindex`'s third argument when D code gives two.
pub const NO_START: u64 = i64::MIN as u64;

/// `strtok`'s flag: a `strtok(s, ...)` of this firing set the state it
/// gets (without it, as for `strtok(NULL, ...)` first, it faults at
/// address 0, as DTrace does).
pub const STRTOK_SET: u64 = 1;
/// `strtok`'s flag: give the rest after the token (the next state)
/// instead of the token.
pub const STRTOK_REST: u64 = 2;

impl Subr {
    /// The subroutine named `name`, if any.
    pub fn from_name(name: &str) -> Option<Subr> {
        SUBRS.iter().copied().find(|s| s.name() == name)
    }
}
