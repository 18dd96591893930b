/* copyinto() fills memory alloca() gave; what it does not cover stays
   zeroed. */
fbt::ksys_write:entry
/pid == $target && arg2 == 25/
{
	this->buf = (char *)alloca(16);
	copyinto(arg1 + 7, 5, this->buf);
	copyinto(arg1 + 14, 3, this->buf + 8);
	printf("%s %s %d\n", stringof(this->buf), stringof(this->buf + 8), this->buf[5]);
}
