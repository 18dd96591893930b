; Sums 0..9 in a bounded loop and adds pid: checks loops and builtins.
movi r0, 0
loop r1, 10
add r0, r1
endloop r1
ldb r2, pid
add r0, r2
ret r0
