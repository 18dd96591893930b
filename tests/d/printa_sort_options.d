/* Sorting: by value then key by default; aggsortkey by key (from
   aggsortkeypos); aggsortrev reversed; setopt() changes them as it
   runs; aggsortkeypos orders ties by key too. 1- and 2-byte keys print unsigned, as DTrace reads them. */
#pragma D option aggsortrev
BEGIN
{
	@n["b", 2] = sum(10);
	@n["a", 3] = sum(10);
	@n["c", 1] = sum(5);
	@small[(char)-1] = count();
	printa("%s %d %@d\n", @n);
	setopt("aggsortrev", "false");
	setopt("aggsortkey");
	setopt("aggsortkeypos", "1");
	printa("%s %d %@d\n", @n);
	setopt("aggsortkey", "false");
	printa("%s %d %@d\n", @n);
	exit(0);
}
