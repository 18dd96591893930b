/*
 * Not quiet: a committed record shows its own probe's line when it is
 * committed; the clause that commits shows nothing.
 */
BEGIN
{
	s = speculation();
	speculate(s);
	trace("speculated");
}

BEGIN
{
	trace("principal");
}

BEGIN
{
	commit(s);
}

BEGIN
{
	exit(0);
}
