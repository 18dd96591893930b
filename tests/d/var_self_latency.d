BEGIN
{
	ok = 0;
}

fbt::ksys_read:entry
/pid == $target/
{
	self->ts = timestamp;
}

fbt::ksys_read:return
/self->ts/
{
	ok += timestamp - self->ts > 0;
	self->ts = 0;
}

END
{
	printf("%d\n", ok > 1);
}
