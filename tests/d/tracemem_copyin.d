/* tracemem() of scratch memory: the bytes a write(2) is given, copied
   in, NULs and newlines shown as dots; a row of fewer than sixteen is
   padded so its text lines up. */
#pragma D option quiet

fbt::ksys_write:entry
/pid == $target && arg2 == 25/
{
	tracemem(copyin(arg1, 25), 25);
	tracemem(copyin(arg1, 32), 32, arg2 - 20);
}
