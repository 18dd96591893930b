; BEGIN, with room for two entries (strsize=16, dynvarsize=128):
; (string, int) keys, a dropped store, assigning 0 frees, the space is
; reused, then ten stores into a full table are ten more drops.
.var g_int global int
.var g_str global str
.var l_x local int
.var t_n tls int
.var counts assoc int 2
lds r1, "read"
movi r2, 3
movi r3, 10
sta counts, r1, r3
lds r1, "write"
movi r2, 4
movi r3, 11
sta counts, r1, r3
lds r1, "read"
movi r2, 5
movi r3, 12
sta counts, r1, r3          ; full: dropped
lda r8, counts, r1          ; ("read", 5) reads 0
lds r1, "write"
movi r2, 4
movi r3, 0
sta counts, r1, r3          ; assigning 0 frees ("write", 4)
lds r1, "read"
movi r2, 5
movi r3, 12
sta counts, r1, r3          ; reuses the freed entry
lda r9, counts, r1          ; 12
lds r1, "write"
movi r2, 4
lda r10, counts, r1         ; 0: deleted
lds r1, "read"
movi r2, 3
lda r7, counts, r1          ; 10
printf "assoc %d %d %d %d\n", r7:4
lds r1, "loop"
movi r3, 1
loop r6, 10
mov r2, r6
sta counts, r1, r3          ; full: dropped
endloop r6
movi r0, 0
exit r0
ret r0
