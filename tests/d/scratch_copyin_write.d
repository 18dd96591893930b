/* copyin() of the buffer a write(2) is given: its bytes in scratch, read
   through pointers, as a string and as an integer. */
fbt::ksys_write:entry
/pid == $target && arg2 == 25/
{
	this->p = (char *)copyin(arg1, 12);
	printf("%c%c%c\n", this->p[0], this->p[7], this->p[11]);
	printf("%s|\n", stringof(this->p));
	printf("%d\n", *(int *)copyin(arg1, 4) == 0x79706f63);
	printf("%s|\n", (string)copyin(arg1 + 14, 10));
	trace(stringof(copyin(arg1, 6)));
}
