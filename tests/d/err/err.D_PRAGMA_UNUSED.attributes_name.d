/* EXPECT: D_PRAGMA_UNUSED at 2:44: `x;` can name no identifier. */
#pragma D attributes Evolving/Evolving/ISA x;

int x;

BEGIN
{
	exit(0);
}
