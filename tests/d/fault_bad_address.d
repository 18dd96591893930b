BEGIN
{
	trace(copyinstr(16));
}

BEGIN
{
	exit(0);
}
