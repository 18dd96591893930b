; stray_endloop: expect instruction 1 [error 26]
movi r0, 0
endloop r1, 4, -1
ret r0
