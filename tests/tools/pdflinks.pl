# links.pl QDF_PDF: for each page with link annotations, "PAGE: D D U ..."
# where D is the page number an internal link goes to and U marks a URI.
local $/; my $d = <>;
my %obj; while ($d =~ /\n(\d+) 0 obj\n(.*?)\nendobj/sg) { $obj{$1} = $2 }
my @pages; while ($d =~ /%% Page (\d+)\n%% Original object ID: \d+ \d+\n(\d+) 0 obj/g) { $pages[$1] = $2 }
my %num; for my $i (1 .. $#pages) { $num{$pages[$i]} = $i if defined $pages[$i] }
for my $i (1 .. $#pages) {
  my $p = $obj{$pages[$i]} // next;
  next unless $p =~ m{/Annots \[(.*?)\]}s;
  my @out;
  for my $a ($1 =~ /(\d+) 0 R/g) {
    my $o = $obj{$a};
    next unless $o =~ m{/Subtype /Link};
    if ($o =~ m{/Dest \[\s*(\d+) 0 R}) { push @out, $num{$1} }
    elsif ($o =~ m{/URI \((.*?)\)}) { push @out, "U:$1" }
  }
  print "$i: @out\n" if @out;
}
