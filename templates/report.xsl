<?xml version="1.0" encoding="UTF-8"?>
<!--
  report.xsl - the ccaudit HTML report: transforms a results document
  (namespace urn:ccaudit:results:1, catalogs/results.xsd) into one
  self-contained HTML file.

  ccaudit passes four string parameters (see templates/README.md):
    css, script             the text of report.css and report.js beside this file
    css-hash, script-hash   'sha256-...' of each, for the Content-Security-Policy
  Nothing may be fetched: no external stylesheets, scripts, fonts or images.
  The transformation can read and write no files and reach no network.

  Safety rules for anyone editing this file:
  - every value from the document goes out through xsl:value-of or as an
    attribute value (both escaped); never use disable-output-escaping;
  - never put document text into href, src, style or on* attributes (the
    only links are fragment links to ids the catalog schema restricts);
  - keep the Content-Security-Policy meta element first in head.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:r="urn:ccaudit:results:1"
    exclude-result-prefixes="r">

  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>

  <xsl:param name="css" select="''"/>
  <xsl:param name="css-hash" select="''"/>
  <xsl:param name="script" select="''"/>
  <xsl:param name="script-hash" select="''"/>

  <xsl:key name="control" match="r:controls/r:control" use="@id"/>
  <xsl:key name="controls-of-framework" match="r:controls/r:control" use="@framework"/>
  <xsl:key name="controls-of-group" match="r:controls/r:control" use="concat(@framework, ' ', @group)"/>

  <xsl:variable name="root" select="/r:results"/>
  <xsl:variable name="all-controls" select="/r:results/r:controls/r:control"/>
  <xsl:variable name="listed-rules" select="/r:results/r:rules/r:rule[@status != 'notselected']"/>
  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyz'"/>
  <xsl:variable name="run-target" select="/r:results/r:run/r:target"/>
  <!-- The report date as a number (20261201), to tell overdue findings. -->
  <xsl:variable name="report-day" select="number(translate(substring(/r:results/r:run/r:generated, 1, 10), '-', ''))"/>
  <!-- History shows when the run was saved or the store tracked a finding. -->
  <xsl:variable name="show-history" select="/r:results/r:history or /r:results/r:rules/r:rule/r:finding[@lifecycle or r:owner or @due]"/>
  <xsl:key name="open-by-owner" match="r:rules/r:rule[@status != 'notselected']/r:finding[@status = 'fail'][@waived = 'false']" use="string(r:owner)"/>

  <!-- ================================================================== -->
  <!-- Names and small pieces                                             -->
  <!-- ================================================================== -->

  <!-- The display class of a rule result: waived, fail, error, unverified,
       pass, notapplicable, informational or notselected. -->
  <xsl:template name="rule-class">
    <xsl:param name="rule" select="."/>
    <xsl:choose>
      <xsl:when test="$rule/@waived = 'true'">waived</xsl:when>
      <xsl:when test="$rule/@status = 'unknown' or $rule/@status = 'notchecked'">unverified</xsl:when>
      <xsl:when test="$rule/@status = 'fixed'">pass</xsl:when>
      <xsl:otherwise><xsl:value-of select="$rule/@status"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A status name (rule status or roll-up) as a reader sees it. -->
  <xsl:template name="status-label">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="$s = 'pass'">Pass</xsl:when>
      <xsl:when test="$s = 'fail'">Fail</xsl:when>
      <xsl:when test="$s = 'error'">Error</xsl:when>
      <xsl:when test="$s = 'unknown'">Unknown</xsl:when>
      <xsl:when test="$s = 'notapplicable'">Not applicable</xsl:when>
      <xsl:when test="$s = 'notchecked'">Not checked</xsl:when>
      <xsl:when test="$s = 'notselected'">Not selected</xsl:when>
      <xsl:when test="$s = 'informational'">Informational</xsl:when>
      <xsl:when test="$s = 'fixed'">Fixed</xsl:when>
      <xsl:when test="$s = 'waived'">Waived</xsl:when>
      <xsl:when test="$s = 'unverified'">Unverified</xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The glyph shown before a status label (the label always follows:
       colour and glyph are never the only signal). -->
  <xsl:template name="status-glyph">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="$s = 'pass' or $s = 'fixed'">&#x2714;</xsl:when>
      <xsl:when test="$s = 'waived'">&#x2691;</xsl:when>
      <xsl:when test="$s = 'fail'">&#x2716;</xsl:when>
      <xsl:when test="$s = 'error'">&#x26A0;</xsl:when>
      <xsl:when test="$s = 'unverified' or $s = 'unknown' or $s = 'notchecked'">?</xsl:when>
      <xsl:when test="$s = 'informational'">i</xsl:when>
      <xsl:otherwise>&#x2013;</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The CSS class suffix of a status: rule statuses map to the roll-up
       classes so both kinds share colours. -->
  <xsl:template name="status-css">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="$s = 'fixed'">pass</xsl:when>
      <xsl:when test="$s = 'unknown' or $s = 'notchecked'">unverified</xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A status badge: glyph and label on the status colour. -->
  <xsl:template name="badge">
    <xsl:param name="s"/>
    <xsl:param name="label">
      <xsl:call-template name="status-label"><xsl:with-param name="s" select="$s"/></xsl:call-template>
    </xsl:param>
    <xsl:variable name="css"><xsl:call-template name="status-css"><xsl:with-param name="s" select="$s"/></xsl:call-template></xsl:variable>
    <span class="badge st-{$css}">
      <span class="glyph" aria-hidden="true"><xsl:call-template name="status-glyph"><xsl:with-param name="s" select="$s"/></xsl:call-template></span>
      <xsl:value-of select="$label"/>
    </span>
  </xsl:template>

  <xsl:template name="severity-label">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="$s = 'critical'">Critical</xsl:when>
      <xsl:when test="$s = 'high'">High</xsl:when>
      <xsl:when test="$s = 'medium'">Medium</xsl:when>
      <xsl:when test="$s = 'low'">Low</xsl:when>
      <xsl:otherwise>Info</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Development, Operations" from "development operations". -->
  <xsl:template name="role-titles">
    <xsl:param name="roles"/>
    <xsl:for-each select="$root/r:summary/r:role[contains(concat(' ', $roles, ' '), concat(' ', @id, ' '))]">
      <xsl:if test="position() &gt; 1">, </xsl:if>
      <xsl:value-of select="@title"/>
    </xsl:for-each>
  </xsl:template>

  <!-- A score as a percentage ("71%"), or "n/a". -->
  <xsl:template name="percent">
    <xsl:param name="score"/>
    <xsl:choose>
      <xsl:when test="string($score) != ''"><xsl:value-of select="format-number(floor($score * 100 + 0.5), '0')"/>%</xsl:when>
      <xsl:otherwise>n/a</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An inline SVG stacked bar of a tally (pass, waived, fail, error,
       unverified over everything counted but notapplicable), with a text
       alternative. -->
  <xsl:template name="bar">
    <xsl:param name="t"/>
    <xsl:param name="label"/>
    <xsl:variable name="den" select="$t/@pass + $t/@waived + $t/@fail + $t/@error + $t/@unverified"/>
    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{$label}">
      <rect class="seg-track" x="0" y="0" width="100" height="10"/>
      <xsl:if test="$den &gt; 0">
        <xsl:variable name="w-pass" select="100 * $t/@pass div $den"/>
        <xsl:variable name="w-waived" select="100 * $t/@waived div $den"/>
        <xsl:variable name="w-fail" select="100 * $t/@fail div $den"/>
        <xsl:variable name="w-error" select="100 * $t/@error div $den"/>
        <rect class="seg-pass" x="0" y="0" height="10" width="{format-number($w-pass, '0.##')}"/>
        <rect class="seg-waived" x="{format-number($w-pass, '0.##')}" y="0" height="10" width="{format-number($w-waived, '0.##')}"/>
        <rect class="seg-fail" x="{format-number($w-pass + $w-waived, '0.##')}" y="0" height="10" width="{format-number($w-fail, '0.##')}"/>
        <rect class="seg-error" x="{format-number($w-pass + $w-waived + $w-fail, '0.##')}" y="0" height="10" width="{format-number($w-error, '0.##')}"/>
      </xsl:if>
      <title><xsl:value-of select="$label"/></title>
    </svg>
  </xsl:template>

  <!-- "3 Fail" on the status colour, when any control of set has status s. -->
  <xsl:template name="mini-count">
    <xsl:param name="set"/>
    <xsl:param name="s"/>
    <xsl:variable name="n" select="count($set[@status = $s])"/>
    <xsl:if test="$n != 0">
      <span class="mini st-{$s}"><xsl:value-of select="$n"/><xsl:text> </xsl:text><xsl:call-template name="status-label"><xsl:with-param name="s" select="$s"/></xsl:call-template></span>
    </xsl:if>
  </xsl:template>

  <!-- "36 pass · 2 waived · 4 fail ..." of a tally, zero counts left out. -->
  <xsl:template name="tally-text">
    <xsl:param name="t"/>
    <xsl:for-each select="$t/@pass | $t/@waived | $t/@fail | $t/@error | $t/@unverified | $t/@notapplicable">
      <xsl:if test=". != 0">
        <span class="tally-item t-{local-name()}">
          <xsl:value-of select="."/><xsl:text> </xsl:text>
          <xsl:call-template name="status-label"><xsl:with-param name="s" select="local-name()"/></xsl:call-template>
        </span>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- The page                                                           -->
  <!-- ================================================================== -->

  <xsl:template match="/">
    <xsl:apply-templates select="r:results"/>
  </xsl:template>

  <xsl:template match="r:results">
    <html lang="en">
      <head>
        <meta http-equiv="Content-Security-Policy"
              content="default-src 'none'; img-src data:; style-src '{$css-hash}'; script-src '{$script-hash}'; base-uri 'none'; form-action 'none'"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="ccaudit {r:tool/@version}"/>
        <title>Container security audit: <xsl:value-of select="r:run/r:target"/></title>
        <style><xsl:value-of select="$css"/></style>
      </head>
      <body>
        <xsl:call-template name="masthead"/>
        <nav class="toc" aria-label="Contents">
          <a href="#summary">Summary</a>
          <xsl:if test="$show-history"><a href="#history">History</a></xsl:if>
          <a href="#act">Who must act</a>
          <xsl:if test="r:frameworks/r:framework[@id = 'nist-800-190']"><a href="#nist">NIST SP 800-190</a></xsl:if>
          <xsl:if test="r:frameworks/r:framework[@id = 'usecases']"><a href="#usecases">Use cases A1&#x2013;D2</a></xsl:if>
          <a href="#findings">Findings</a>
          <a href="#answers">Attestations &amp; waivers</a>
          <a href="#controls">Controls</a>
          <a href="#evidence">Evidence</a>
          <a href="#signoff">Sign-off</a>
        </nav>
        <main>
          <xsl:call-template name="summary"/>
          <xsl:call-template name="history"/>
          <xsl:call-template name="who-must-act"/>
          <xsl:call-template name="nist-matrix"/>
          <xsl:call-template name="use-cases"/>
          <xsl:call-template name="findings"/>
          <xsl:call-template name="answers"/>
          <xsl:call-template name="all-controls"/>
          <xsl:call-template name="evidence"/>
          <xsl:call-template name="signoff"/>
        </main>
        <footer class="foot">
          <p>
            <xsl:text>Generated by ccaudit </xsl:text><xsl:value-of select="r:tool/@version"/>
            <xsl:text> (results format </xsl:text><xsl:value-of select="@format"/>
            <xsl:text>) with catalog </xsl:text><xsl:value-of select="r:run/r:catalog"/>
            <xsl:text>. Rule statuses follow XCCDF 1.2; a control fails when any of its rules fails. CSVS level score = (pass + waived) / (requirements &#x2212; not applicable).</xsl:text>
          </p>
        </footer>
        <script><xsl:value-of select="$script"/></script>
      </body>
    </html>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Masthead: what, when, by whom                                      -->
  <!-- ================================================================== -->

  <xsl:template name="masthead">
    <header class="masthead">
      <div class="brand">
        <span class="logo" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="28" height="28"><path class="logo-shield" d="M12 2 3 5.5v6.2c0 5.1 3.8 9.3 9 10.3 5.2-1 9-5.2 9-10.3V5.5z"/><path class="logo-check" d="m7.5 12.2 3 3 6-6.2" fill="none"/></svg>
        </span>
        <span class="brand-name">ccaudit</span>
        <span class="brand-sub">Container security compliance report</span>
      </div>
      <h1><span class="h1-pre">Audit of </span><span class="target" id="run-target"><xsl:value-of select="r:run/r:target"/></span></h1>
      <dl class="facts">
        <div><dt>Generated</dt><dd><time><xsl:value-of select="translate(r:run/r:generated, 'TZ', ' ')"/></time> UTC</dd></div>
        <div><dt>Profile</dt><dd>
          <xsl:value-of select="r:profile/@id"/>
          <xsl:if test="r:profile/@roles != 'development security operations'">
            <xsl:text> (roles: </xsl:text>
            <xsl:call-template name="role-titles"><xsl:with-param name="roles" select="r:profile/@roles"/></xsl:call-template>
            <xsl:text>)</xsl:text>
          </xsl:if>
          <xsl:if test="r:profile/r:tailoring"><xsl:text>, tailored: </xsl:text><xsl:value-of select="r:profile/r:tailoring"/></xsl:if>
        </dd></div>
        <div><dt>Catalog</dt><dd><xsl:value-of select="r:run/r:catalog"/></dd></div>
        <div><dt>Auditor</dt><dd>
          <xsl:choose>
            <xsl:when test="r:run/r:auditor"><xsl:value-of select="r:run/r:auditor"/></xsl:when>
            <xsl:otherwise><span class="muted">not named</span></xsl:otherwise>
          </xsl:choose>
        </dd></div>
        <div><dt>Tool</dt><dd>ccaudit <xsl:value-of select="r:tool/@version"/></dd></div>
      </dl>
    </header>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Executive summary                                                  -->
  <!-- ================================================================== -->

  <xsl:template name="summary">
    <xsl:variable name="s" select="r:summary"/>
    <xsl:variable name="achieved" select="$s/@level-achieved"/>
    <section id="summary" class="panel">
      <h2>Executive summary</h2>
      <div class="exec">
        <div class="level-tile lvl-{$achieved}">
          <div class="level-caption">CSVS level achieved</div>
          <div class="level-num"><xsl:value-of select="$achieved"/><span class="level-of"> / 3</span></div>
          <div class="level-verdict">
            <xsl:choose>
              <xsl:when test="$achieved = 0">Level 1 is not met</xsl:when>
              <xsl:when test="$achieved = 3">Every CSVS level is met</xsl:when>
              <xsl:otherwise>Level <xsl:value-of select="$achieved + 1"/> is not met yet</xsl:otherwise>
            </xsl:choose>
          </div>
        </div>
        <div class="levels">
          <h3>Score per CSVS level</h3>
          <table class="level-table">
            <thead><tr><th scope="col">Level</th><th scope="col">Verdict</th><th scope="col" class="w-bar">Score</th><th scope="col" class="num">%</th><th scope="col">Requirements</th></tr></thead>
            <tbody>
              <xsl:for-each select="$s/r:level">
                <xsl:variable name="label">Level <xsl:value-of select="@n"/>: <xsl:call-template name="percent"><xsl:with-param name="score" select="@score"/></xsl:call-template></xsl:variable>
                <tr>
                  <th scope="row">Level <xsl:value-of select="@n"/></th>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@met = 'true'"><xsl:call-template name="badge"><xsl:with-param name="s" select="'pass'"/><xsl:with-param name="label" select="'Met'"/></xsl:call-template></xsl:when>
                      <xsl:otherwise><xsl:call-template name="badge"><xsl:with-param name="s" select="'fail'"/><xsl:with-param name="label" select="'Not met'"/></xsl:call-template></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td class="w-bar"><xsl:call-template name="bar"><xsl:with-param name="t" select="r:requirements"/><xsl:with-param name="label" select="$label"/></xsl:call-template></td>
                  <td class="num score"><xsl:call-template name="percent"><xsl:with-param name="score" select="@score"/></xsl:call-template></td>
                  <td class="tally"><xsl:call-template name="tally-text"><xsl:with-param name="t" select="r:requirements"/></xsl:call-template></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
          <p class="legend" aria-hidden="true">
            <span class="key k-pass">pass</span><span class="key k-waived">waived</span><span class="key k-fail">fail</span><span class="key k-error">error</span><span class="key k-unverified">unverified</span>
          </p>
        </div>
      </div>

      <h3>Rules by status</h3>
      <xsl:variable name="rs" select="$s/r:rule-statuses"/>
      <ul class="counts">
        <xsl:for-each select="$rs/@fail | $rs/@error | $rs/@unknown | $rs/@notchecked | $rs/@pass | $rs/@fixed | $rs/@notapplicable | $rs/@informational | $rs/@notselected">
          <xsl:if test=". != 0 or local-name() = 'fail' or local-name() = 'error' or local-name() = 'pass' or local-name() = 'notchecked'">
            <xsl:variable name="css"><xsl:call-template name="status-css"><xsl:with-param name="s" select="local-name()"/></xsl:call-template></xsl:variable>
            <li class="count st-{$css}">
              <span class="count-num"><xsl:value-of select="."/></span>
              <span class="count-label">
                <span class="glyph" aria-hidden="true"><xsl:call-template name="status-glyph"><xsl:with-param name="s" select="local-name()"/></xsl:call-template></span>
                <xsl:call-template name="status-label"><xsl:with-param name="s" select="local-name()"/></xsl:call-template>
              </span>
              <xsl:if test="local-name() = 'pass' and count($root/r:rules/r:rule[@waived = 'true']) != 0">
                <span class="count-sub">of which <xsl:value-of select="count($root/r:rules/r:rule[@waived = 'true'])"/> waived</span>
              </xsl:if>
            </li>
          </xsl:if>
        </xsl:for-each>
      </ul>

      <h3>Frameworks</h3>
      <table class="fw-table">
        <thead><tr><th scope="col">Framework</th><th scope="col" class="w-bar">Controls</th><th scope="col" class="num">%</th><th scope="col">Controls by status</th></tr></thead>
        <tbody>
          <xsl:for-each select="$s/r:framework">
            <xsl:variable name="fw" select="$root/r:frameworks/r:framework[@id = current()/@id]"/>
            <tr>
              <th scope="row"><xsl:value-of select="$fw/r:title"/><xsl:if test="$fw/@version"><xsl:text> </xsl:text><span class="muted"><xsl:value-of select="$fw/@version"/></span></xsl:if></th>
              <td class="w-bar"><xsl:call-template name="bar"><xsl:with-param name="t" select="r:controls"/><xsl:with-param name="label" select="$fw/r:title"/></xsl:call-template></td>
              <td class="num score"><xsl:call-template name="percent"><xsl:with-param name="score" select="@score"/></xsl:call-template></td>
              <td class="tally"><xsl:call-template name="tally-text"><xsl:with-param name="t" select="r:controls"/></xsl:call-template></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- History: trend across saved runs, ownership, fixed findings        -->
  <!-- ================================================================== -->

  <!-- A lifecycle badge (new, persisting, reopened); nothing for anything
       else. -->
  <xsl:template name="lifecycle-badge">
    <xsl:param name="lc"/>
    <xsl:choose>
      <xsl:when test="$lc = 'new'"><span class="lc lc-new">New</span></xsl:when>
      <xsl:when test="$lc = 'persisting'"><span class="lc lc-persisting">Persisting</span></xsl:when>
      <xsl:when test="$lc = 'reopened'"><span class="lc lc-reopened">Reopened</span></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The role a finding was assigned to, by its title when it is one of
       the catalog roles, else as written. -->
  <xsl:template name="owner-role">
    <xsl:param name="role"/>
    <xsl:variable name="title" select="$root/r:summary/r:role[@id = $role]/@title"/>
    <xsl:choose>
      <xsl:when test="$title"><xsl:value-of select="$title"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$role"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A due date, flagged "overdue" when it is before the report date. -->
  <xsl:template name="due">
    <xsl:param name="due"/>
    <xsl:if test="string($due) != ''">
      <xsl:value-of select="$due"/>
      <xsl:if test="number(translate($due, '-', '')) &lt; $report-day">
        <xsl:text> </xsl:text><strong class="flag overdue">overdue</strong>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="history">
    <xsl:if test="$show-history">
      <xsl:variable name="all" select="r:rules/r:rule/r:finding"/>
      <section id="history" class="panel">
        <h2>History &amp; ownership</h2>
        <p class="lead history-counts">
          <xsl:value-of select="count($all[@lifecycle = 'new'])"/><xsl:text> new, </xsl:text>
          <xsl:value-of select="count($all[@lifecycle = 'persisting'])"/><xsl:text> persisting, </xsl:text>
          <xsl:value-of select="count($all[@lifecycle = 'reopened'])"/><xsl:text> reopened, </xsl:text>
          <xsl:value-of select="count(r:history/r:fixed)"/><xsl:text> fixed since the previous run.</xsl:text>
        </p>
        <xsl:if test="r:history/r:point">
          <xsl:call-template name="trend"><xsl:with-param name="points" select="r:history/r:point"/></xsl:call-template>
        </xsl:if>
        <xsl:call-template name="ownership"/>
        <xsl:call-template name="fixed"/>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- The trend of the target's saved runs: an inline SVG chart of the
       CSVS score per level (lines and points) over the level achieved
       (columns), then the same as a table. -->
  <xsl:template name="trend">
    <xsl:param name="points"/>
    <xsl:variable name="n" select="count($points)"/>
    <xsl:variable name="x0" select="64"/>
    <xsl:variable name="x1" select="572"/>
    <xsl:variable name="y0" select="12"/>
    <xsl:variable name="y1" select="172"/>
    <xsl:variable name="ph" select="$y1 - $y0"/>
    <!-- One point sits in the middle; more spread over the width. -->
    <xsl:variable name="xs" select="$x0 + ($n = 1) * ($x1 - $x0) div 2"/>
    <xsl:variable name="step" select="($x1 - $x0) div ($n - 1 + ($n = 1))"/>
    <xsl:variable name="bw" select="format-number(18 - 12 * ($n &gt; 24), '0')"/>
    <h3>Trend of the CSVS scores</h3>
    <figure class="trend">
      <svg class="trend-chart" viewBox="0 0 640 200" role="img" aria-labelledby="trend-title">
        <title id="trend-title">CSVS score per level and level achieved over <xsl:value-of select="$n"/> saved run<xsl:if test="$n != 1">s</xsl:if></title>
        <xsl:for-each select="$root/r:summary/r:level">
          <xsl:variable name="gy" select="format-number($y1 - (@n div 3) * $ph, '0.#')"/>
          <line class="trend-grid" x1="{$x0}" x2="{$x1}" y1="{$gy}" y2="{$gy}"/>
          <text class="trend-axis trend-axis-r" x="{$x1 + 14}" y="{$gy + 4}">L<xsl:value-of select="@n"/></text>
        </xsl:for-each>
        <line class="trend-base" x1="{$x0}" x2="{$x1}" y1="{$y1}" y2="{$y1}"/>
        <text class="trend-axis" x="{$x0 - 12}" y="{$y1 + 4}">0%</text>
        <text class="trend-axis" x="{$x0 - 12}" y="{$y0 + $ph div 2 + 4}">50%</text>
        <text class="trend-axis" x="{$x0 - 12}" y="{$y0 + 4}">100%</text>
        <xsl:for-each select="$points">
          <xsl:variable name="x" select="$xs + (position() - 1) * $step"/>
          <xsl:if test="@level-achieved &gt; 0">
            <rect class="trend-level" x="{format-number($x - $bw div 2, '0.#')}" width="{$bw}"
                  y="{format-number($y1 - (@level-achieved div 3) * $ph, '0.#')}"
                  height="{format-number((@level-achieved div 3) * $ph, '0.#')}">
              <title><xsl:value-of select="substring(@generated, 1, 10)"/>: level <xsl:value-of select="@level-achieved"/> achieved</title>
            </rect>
          </xsl:if>
        </xsl:for-each>
        <xsl:for-each select="$root/r:summary/r:level">
          <xsl:variable name="l" select="string(@n)"/>
          <xsl:variable name="scored" select="$points/r:level[@n = $l][@score]"/>
          <xsl:if test="count($scored) &gt; 1">
            <polyline class="trend-line trend-l{$l}">
              <xsl:attribute name="points">
                <xsl:for-each select="$scored">
                  <xsl:variable name="i" select="count(../preceding-sibling::r:point)"/>
                  <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
                  <xsl:value-of select="format-number($xs + $i * $step, '0.#')"/>
                  <xsl:text>,</xsl:text>
                  <xsl:value-of select="format-number($y1 - @score * $ph, '0.#')"/>
                </xsl:for-each>
              </xsl:attribute>
            </polyline>
          </xsl:if>
          <xsl:for-each select="$scored">
            <xsl:variable name="i" select="count(../preceding-sibling::r:point)"/>
            <circle class="trend-pt trend-l{$l}" r="3.5"
                    cx="{format-number($xs + $i * $step, '0.#')}" cy="{format-number($y1 - @score * $ph, '0.#')}">
              <title><xsl:value-of select="substring(../@generated, 1, 10)"/>: level <xsl:value-of select="$l"/> score <xsl:call-template name="percent"><xsl:with-param name="score" select="@score"/></xsl:call-template></title>
            </circle>
          </xsl:for-each>
        </xsl:for-each>
        <text class="trend-date trend-date-first" x="{format-number($xs, '0.#')}" y="192"><xsl:value-of select="substring($points[1]/@generated, 1, 10)"/></text>
        <xsl:if test="$n &gt; 1">
          <text class="trend-date trend-date-last" x="{$x1}" y="192"><xsl:value-of select="substring($points[last()]/@generated, 1, 10)"/></text>
        </xsl:if>
      </svg>
      <figcaption class="legend">
        <span class="key k-l1">Level 1 score</span><span class="key k-l2">Level 2 score</span><span class="key k-l3">Level 3 score</span><span class="key k-achieved">level achieved</span>
      </figcaption>
    </figure>
    <details class="trend-runs">
      <summary>Saved runs (<xsl:value-of select="$n"/>)</summary>
      <table class="list trend-table">
        <thead><tr><th scope="col">Run</th><th scope="col">Date (UTC)</th><th scope="col" class="num">Level</th><th scope="col" class="num">L1</th><th scope="col" class="num">L2</th><th scope="col" class="num">L3</th><th scope="col" class="num">Open findings</th></tr></thead>
        <tbody>
          <xsl:for-each select="$points">
            <tr>
              <td><code><xsl:value-of select="@run"/></code></td>
              <td class="nowrap"><xsl:value-of select="translate(@generated, 'TZ', ' ')"/></td>
              <td class="num"><xsl:value-of select="@level-achieved"/></td>
              <xsl:for-each select="r:level">
                <td class="num"><xsl:call-template name="percent"><xsl:with-param name="score" select="@score"/></xsl:call-template></td>
              </xsl:for-each>
              <td class="num"><xsl:value-of select="@open"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </details>
  </xsl:template>

  <!-- Open findings (failing, not waived) grouped by owner, owners by
       name, the unassigned last. -->
  <xsl:template name="ownership">
    <xsl:variable name="open" select="$listed-rules/r:finding[@status = 'fail'][@waived = 'false']"/>
    <h3>Open findings by owner</h3>
    <xsl:choose>
      <xsl:when test="$open">
        <table class="list owners">
          <thead><tr><th scope="col">Finding</th><th scope="col">Lifecycle</th><th scope="col">Role</th><th scope="col">Due</th></tr></thead>
          <xsl:for-each select="$open[r:owner != ''][generate-id() = generate-id(key('open-by-owner', string(r:owner))[1])]">
            <xsl:sort select="r:owner"/>
            <xsl:call-template name="owner-group">
              <xsl:with-param name="set" select="key('open-by-owner', string(r:owner))"/>
            </xsl:call-template>
          </xsl:for-each>
          <xsl:call-template name="owner-group">
            <xsl:with-param name="set" select="key('open-by-owner', '')"/>
          </xsl:call-template>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="muted">No open findings.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The open findings of one owner (set, all with the same owner; the
       empty owner is "Unassigned"), one row each. -->
  <xsl:template name="owner-group">
    <xsl:param name="set"/>
    <xsl:if test="$set">
      <xsl:variable name="late" select="count($set[@due][number(translate(@due, '-', '')) &lt; $report-day])"/>
      <tbody class="owner-group">
        <tr class="owner-head">
          <th scope="rowgroup" colspan="4">
            <xsl:choose>
              <xsl:when test="string($set[1]/r:owner) != ''"><span class="owner-name"><xsl:value-of select="$set[1]/r:owner"/></span></xsl:when>
              <xsl:otherwise><span class="owner-name unassigned">Unassigned</span></xsl:otherwise>
            </xsl:choose>
            <xsl:text> </xsl:text>
            <span class="muted"><xsl:value-of select="count($set)"/> open</span>
            <xsl:if test="$late != 0"><xsl:text> </xsl:text><strong class="flag overdue"><xsl:value-of select="$late"/> overdue</strong></xsl:if>
          </th>
        </tr>
        <xsl:for-each select="$set">
          <tr>
            <td><a href="#rule-{../@id}"><code><xsl:value-of select="../@id"/></code></a>
              <xsl:if test="r:location != ''"><xsl:text> </xsl:text><span class="loc"><code><xsl:value-of select="r:location"/></code></span></xsl:if>
            </td>
            <td><xsl:call-template name="lifecycle-badge"><xsl:with-param name="lc" select="@lifecycle"/></xsl:call-template></td>
            <td><xsl:call-template name="owner-role"><xsl:with-param name="role" select="r:owner/@role"/></xsl:call-template></td>
            <td class="nowrap"><xsl:call-template name="due"><xsl:with-param name="due" select="@due"/></xsl:call-template></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </xsl:if>
  </xsl:template>

  <!-- The findings of the previous run that no longer fail. -->
  <xsl:template name="fixed">
    <xsl:variable name="fixed" select="r:history/r:fixed"/>
    <h3>Fixed since the previous run (<xsl:value-of select="count($fixed)"/>)</h3>
    <xsl:choose>
      <xsl:when test="$fixed">
        <ul class="fixed-list">
          <xsl:for-each select="$fixed">
            <xsl:variable name="known" select="$root/r:rules/r:rule[@id = current()/@rule]"/>
            <li>
              <xsl:call-template name="badge"><xsl:with-param name="s" select="'fixed'"/></xsl:call-template>
              <xsl:text> </xsl:text>
              <xsl:choose>
                <!-- Link only to a rule of this report: its id is one the catalog schema restricts. -->
                <xsl:when test="$known"><a href="#rule-{$known/@id}"><code><xsl:value-of select="$known/@id"/></code></a></xsl:when>
                <xsl:otherwise><code><xsl:value-of select="@rule"/></code></xsl:otherwise>
              </xsl:choose>
              <xsl:if test="r:location != ''"><xsl:text> </xsl:text><span class="loc"><code><xsl:value-of select="r:location"/></code></span></xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><p class="muted">Nothing was fixed since the previous run.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Who must act: per role                                             -->
  <!-- ================================================================== -->

  <xsl:template name="who-must-act">
    <section id="act" class="panel">
      <h2>Who must act</h2>
      <p class="lead">Open items of the rules each DevSecOps role owns: failures and errors to fix, and results nobody has verified yet (manual rules awaiting an attestation, checks without evidence).</p>
      <div class="roles">
        <xsl:for-each select="r:summary/r:role">
          <xsl:variable name="role" select="@id"/>
          <xsl:variable name="mine" select="$listed-rules[contains(concat(' ', @roles, ' '), concat(' ', $role, ' '))]"/>
          <xsl:variable name="todo" select="$mine[@status = 'fail' or @status = 'error']"/>
          <article class="role-card">
            <header>
              <h3><xsl:value-of select="@title"/></h3>
              <span class="role-score"><xsl:call-template name="percent"><xsl:with-param name="score" select="@score"/></xsl:call-template></span>
            </header>
            <xsl:call-template name="bar"><xsl:with-param name="t" select="r:rules"/><xsl:with-param name="label" select="concat(@title, ' rules')"/></xsl:call-template>
            <ul class="role-counts">
              <li class="st-fail"><strong><xsl:value-of select="r:rules/@fail"/></strong> to fix</li>
              <li class="st-error"><strong><xsl:value-of select="r:rules/@error"/></strong> errors</li>
              <li class="st-unverified"><strong><xsl:value-of select="r:rules/@unverified"/></strong> to verify</li>
              <li class="st-waived"><strong><xsl:value-of select="r:rules/@waived"/></strong> waived</li>
            </ul>
            <xsl:choose>
              <xsl:when test="$todo">
                <ol class="todo">
                  <xsl:for-each select="$todo">
                    <xsl:sort select="string-length(substring-before('|critical|high|medium|low|info|', concat('|', @severity, '|')))" data-type="number"/>
                    <li>
                      <span class="sev sev-{@severity}"><xsl:call-template name="severity-label"><xsl:with-param name="s" select="@severity"/></xsl:call-template></span>
                      <a href="#rule-{@id}"><xsl:value-of select="r:title"/></a>
                    </li>
                  </xsl:for-each>
                </ol>
              </xsl:when>
              <xsl:otherwise><p class="muted nothing">Nothing to fix.</p></xsl:otherwise>
            </xsl:choose>
          </article>
        </xsl:for-each>
      </div>
    </section>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- NIST SP 800-190 countermeasure matrix                              -->
  <!-- ================================================================== -->

  <xsl:template name="nist-matrix">
    <xsl:variable name="fw" select="r:frameworks/r:framework[@id = 'nist-800-190']"/>
    <xsl:if test="$fw">
      <section id="nist" class="panel">
        <h2>NIST SP 800-190 countermeasures</h2>
        <p class="lead">Each countermeasure of Section 4 with the roll-up of the rules that map it.</p>
        <table class="matrix">
          <tbody>
            <xsl:for-each select="$fw/r:group">
              <xsl:variable name="cells" select="key('controls-of-group', concat($fw/@id, ' ', @id))"/>
              <xsl:if test="$cells">
                <tr>
                  <th scope="row"><xsl:value-of select="r:title"/></th>
                  <td>
                    <ul class="cells">
                      <xsl:for-each select="$cells">
                        <xsl:variable name="css"><xsl:call-template name="status-css"><xsl:with-param name="s" select="@status"/></xsl:call-template></xsl:variable>
                        <li class="cell st-{$css}">
                          <span class="cell-ref"><xsl:value-of select="@ref"/></span>
                          <span class="cell-title"><xsl:value-of select="r:title"/></span>
                          <span class="cell-status">
                            <span class="glyph" aria-hidden="true"><xsl:call-template name="status-glyph"><xsl:with-param name="s" select="@status"/></xsl:call-template></span>
                            <xsl:call-template name="status-label"><xsl:with-param name="s" select="@status"/></xsl:call-template>
                          </span>
                        </li>
                      </xsl:for-each>
                    </ul>
                  </td>
                </tr>
              </xsl:if>
            </xsl:for-each>
          </tbody>
        </table>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Use cases A1-D2 (Table I)                                          -->
  <!-- ================================================================== -->

  <xsl:template name="use-cases">
    <xsl:variable name="fw" select="r:frameworks/r:framework[@id = 'usecases']"/>
    <xsl:if test="$fw">
      <section id="usecases" class="panel">
        <h2>Use-case checklist A1&#x2013;D2</h2>
        <p class="lead"><xsl:value-of select="$fw/r:title"/>: each use case with its phase, the roles that carry it out, and its status.</p>
        <table class="checklist">
          <thead><tr><th scope="col">ID</th><th scope="col">Phase</th><th scope="col">Use case</th><th scope="col">Roles</th><th scope="col" class="num">Rules</th><th scope="col">Status</th></tr></thead>
          <tbody>
            <xsl:for-each select="key('controls-of-framework', 'usecases')">
              <xsl:variable name="css"><xsl:call-template name="status-css"><xsl:with-param name="s" select="@status"/></xsl:call-template></xsl:variable>
              <tr class="row-{$css}">
                <th scope="row"><xsl:value-of select="@ref"/></th>
                <td><xsl:value-of select="$fw/r:group[@id = current()/@group]/r:title"/></td>
                <td><xsl:value-of select="r:title"/></td>
                <td><xsl:call-template name="role-titles"><xsl:with-param name="roles" select="@roles"/></xsl:call-template></td>
                <td class="num"><xsl:value-of select="r:rule-counts/@pass + r:rule-counts/@waived + r:rule-counts/@fail + r:rule-counts/@error + r:rule-counts/@unverified + r:rule-counts/@notapplicable"/></td>
                <td><xsl:call-template name="badge"><xsl:with-param name="s" select="@status"/></xsl:call-template></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Findings                                                           -->
  <!-- ================================================================== -->

  <xsl:template name="findings">
    <section id="findings" class="panel">
      <h2>Findings</h2>
      <p class="lead">
        <xsl:text>Every rule the profile selected, grouped by the lowest CSVS level it counts for; failures first, then by severity.</xsl:text>
        <xsl:if test="count(r:rules/r:rule[@status = 'notselected']) != 0">
          <xsl:text> </xsl:text><xsl:value-of select="count(r:rules/r:rule[@status = 'notselected'])"/>
          <xsl:text> rules the profile did not select are not listed.</xsl:text>
        </xsl:if>
      </p>

      <!-- Filter and search: shown by the script; without it the list below is complete. -->
      <form class="toolbar" id="toolbar" hidden="hidden" role="search">
        <fieldset class="tb-group">
          <legend>Group by</legend>
          <label><input type="radio" name="group" value="level" checked="checked"/> CSVS level</label>
          <label><input type="radio" name="group" value="role"/> Role</label>
          <label><input type="radio" name="group" value="framework"/> Framework</label>
          <label><input type="radio" name="group" value="target"/> Target</label>
        </fieldset>
        <fieldset class="tb-status">
          <legend>Status</legend>
          <label class="chip st-fail"><input type="checkbox" name="status" value="fail" checked="checked"/> Fail</label>
          <label class="chip st-error"><input type="checkbox" name="status" value="error" checked="checked"/> Error</label>
          <label class="chip st-unverified"><input type="checkbox" name="status" value="unverified" checked="checked"/> Unverified</label>
          <label class="chip st-waived"><input type="checkbox" name="status" value="waived" checked="checked"/> Waived</label>
          <label class="chip st-pass"><input type="checkbox" name="status" value="pass"/> Pass</label>
          <label class="chip st-notapplicable"><input type="checkbox" name="status" value="notapplicable"/> Not applicable</label>
          <label class="chip st-informational"><input type="checkbox" name="status" value="informational"/> Informational</label>
        </fieldset>
        <div class="tb-row">
          <label class="tb-sev">Severity at least
            <select name="severity">
              <option value="info" selected="selected">Info</option>
              <option value="low">Low</option>
              <option value="medium">Medium</option>
              <option value="high">High</option>
              <option value="critical">Critical</option>
            </select>
          </label>
          <label class="tb-search">Search <input type="search" name="q" placeholder="rule, file, message, control..." autocomplete="off"/></label>
          <button type="button" id="expand-all">Expand all</button>
          <button type="button" id="collapse-all">Collapse all</button>
          <output id="shown" aria-live="polite"></output>
        </div>
      </form>

      <ul class="fw-names" id="fw-names" hidden="hidden">
        <xsl:for-each select="r:frameworks/r:framework">
          <li data-id="{@id}"><xsl:value-of select="r:title"/></li>
        </xsl:for-each>
      </ul>

      <div id="findings-list">
        <xsl:for-each select="r:summary/r:level">
          <xsl:variable name="n" select="string(@n)"/>
          <xsl:call-template name="group">
            <xsl:with-param name="title" select="concat('CSVS level ', $n)"/>
            <xsl:with-param name="key" select="$n"/>
            <xsl:with-param name="rules" select="$listed-rules[substring-before(concat(@levels, ' '), ' ') = $n]"/>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:call-template name="group">
          <xsl:with-param name="title" select="'Not mapped to a CSVS level'"/>
          <xsl:with-param name="key" select="''"/>
          <xsl:with-param name="rules" select="$listed-rules[not(@levels)]"/>
        </xsl:call-template>
      </div>
    </section>
  </xsl:template>

  <!-- One group of finding cards, sorted by status then severity. -->
  <xsl:template name="group">
    <xsl:param name="title"/>
    <xsl:param name="key"/>
    <xsl:param name="rules"/>
    <xsl:if test="$rules">
      <section class="group" data-key="{$key}">
        <h3 class="group-title"><xsl:value-of select="$title"/> <span class="group-count"><xsl:value-of select="count($rules)"/> rules</span></h3>
        <xsl:for-each select="$rules">
          <xsl:sort data-type="number" select="string-length(substring-before('|fail|error|unknown|notchecked|waived|pass|fixed|notapplicable|informational|', concat('|', concat(substring('waived', 1, 6 * (@waived = 'true')), substring(@status, 1, 100 * not(@waived = 'true'))), '|')))"/>
          <xsl:sort data-type="number" select="string-length(substring-before('|critical|high|medium|low|info|', concat('|', @severity, '|')))"/>
          <xsl:apply-templates select="." mode="card"/>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A rule result as a card: status, severity, findings with location
       and evidence, waiver, attestation, remediation, mapped controls. -->
  <xsl:template match="r:rule" mode="card">
    <xsl:variable name="cls"><xsl:call-template name="rule-class"/></xsl:variable>
    <xsl:variable name="ids" select="concat(' ', @controls, ' ')"/>
    <xsl:variable name="mapped" select="$all-controls[contains($ids, concat(' ', @id, ' '))]"/>
    <article class="card st-{$cls}" id="rule-{@id}" data-class="{$cls}"
             data-severity="{@severity}"
             data-level="{substring-before(concat(@levels, ' '), ' ')}" data-roles="{@roles}">
      <details>
        <xsl:if test="$cls = 'fail' or $cls = 'error' or $cls = 'waived' or r:attestation/@expired = 'true' or r:waiver/@expired = 'true'">
          <xsl:attribute name="open">open</xsl:attribute>
        </xsl:if>
        <summary>
          <xsl:call-template name="badge"><xsl:with-param name="s" select="$cls"/></xsl:call-template>
          <span class="sev sev-{@severity}"><xsl:call-template name="severity-label"><xsl:with-param name="s" select="@severity"/></xsl:call-template></span>
          <span class="card-title"><xsl:value-of select="r:title"/></span>
          <code class="rule-id"><xsl:value-of select="@id"/></code>
        </summary>
        <div class="card-body">
          <xsl:if test="r:message">
            <p class="msg"><xsl:value-of select="r:message"/></p>
          </xsl:if>
          <xsl:if test="@waived = 'true'">
            <p class="override">Observed <strong><xsl:call-template name="status-label"><xsl:with-param name="s" select="@observed"/></xsl:call-template></strong>, counted as pass through the waiver below.</p>
          </xsl:if>
          <xsl:if test="r:finding">
            <table class="findings">
              <thead><tr><th scope="col">Status</th><th scope="col">Location</th><th scope="col">Evidence</th></tr></thead>
              <tbody>
                <xsl:for-each select="r:finding">
                  <xsl:variable name="fcls">
                    <xsl:choose>
                      <xsl:when test="@waived = 'true'">waived</xsl:when>
                      <xsl:otherwise><xsl:value-of select="@status"/></xsl:otherwise>
                    </xsl:choose>
                  </xsl:variable>
                  <tr>
                    <td>
                      <xsl:call-template name="badge"><xsl:with-param name="s" select="$fcls"/></xsl:call-template>
                      <xsl:if test="@lifecycle"><xsl:text> </xsl:text><xsl:call-template name="lifecycle-badge"><xsl:with-param name="lc" select="@lifecycle"/></xsl:call-template></xsl:if>
                    </td>
                    <td class="loc">
                      <code><xsl:value-of select="r:location"/></code>
                      <xsl:if test="r:owner or @due">
                        <div class="f-owner">
                          <xsl:choose>
                            <xsl:when test="string(r:owner) != ''">owner <span class="owner-name"><xsl:value-of select="r:owner"/></span></xsl:when>
                            <xsl:otherwise>unassigned</xsl:otherwise>
                          </xsl:choose>
                          <xsl:if test="r:owner/@role"> (<xsl:call-template name="owner-role"><xsl:with-param name="role" select="r:owner/@role"/></xsl:call-template>)</xsl:if>
                          <xsl:if test="@due"> · due <xsl:call-template name="due"><xsl:with-param name="due" select="@due"/></xsl:call-template></xsl:if>
                        </div>
                      </xsl:if>
                      <xsl:if test="r:target and r:target != $run-target">
                        <div class="f-target-note">target <span class="f-target"><xsl:value-of select="r:target"/></span></div>
                      </xsl:if>
                      <xsl:if test="r:target and r:target = $run-target"><span class="f-target" hidden="hidden"><xsl:value-of select="r:target"/></span></xsl:if>
                    </td>
                    <td>
                      <div class="excerpt"><xsl:value-of select="r:message"/></div>
                      <xsl:if test="r:suppression">
                        <xsl:apply-templates select="r:suppression"/>
                      </xsl:if>
                      <xsl:if test="@fingerprint"><div class="fp">fingerprint <code><xsl:value-of select="@fingerprint"/></code></div></xsl:if>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </xsl:if>
          <!-- A suppression already shown with its finding is not repeated. -->
          <xsl:apply-templates select="r:waiver[not(r:source = ../r:finding/r:suppression/r:source)]"/>
          <xsl:apply-templates select="r:attestation"/>
          <dl class="meta">
            <xsl:if test="r:remediation">
              <dt>Remediation</dt>
              <dd class="remediation"><xsl:value-of select="r:remediation"/></dd>
            </xsl:if>
            <xsl:if test="$mapped">
              <dt>Controls</dt>
              <dd>
                <ul class="mapped">
                  <xsl:for-each select="$mapped">
                    <xsl:variable name="css"><xsl:call-template name="status-css"><xsl:with-param name="s" select="@status"/></xsl:call-template></xsl:variable>
                    <li data-framework="{@framework}">
                      <span class="ctl-ref"><xsl:value-of select="@id"/></span>
                      <xsl:text> </xsl:text>
                      <span class="ctl-title"><xsl:value-of select="r:title"/></span>
                      <xsl:text> </xsl:text>
                      <span class="mini st-{$css}"><xsl:call-template name="status-label"><xsl:with-param name="s" select="@status"/></xsl:call-template></span>
                    </li>
                  </xsl:for-each>
                </ul>
              </dd>
            </xsl:if>
            <dt>Owners</dt>
            <dd><xsl:call-template name="role-titles"><xsl:with-param name="roles" select="@roles"/></xsl:call-template></dd>
            <dt>Decided by</dt>
            <dd>
              <xsl:choose>
                <xsl:when test="@kind = 'manual'">attestation (manual rule)</xsl:when>
                <xsl:otherwise>automated check <code><xsl:value-of select="@check"/></code></xsl:otherwise>
              </xsl:choose>
            </dd>
          </dl>
        </div>
      </details>
    </article>
  </xsl:template>

  <!-- A waiver or suppression, visibly marked, with reason and expiry. -->
  <xsl:template match="r:waiver | r:suppression">
    <div class="note note-waiver">
      <xsl:if test="@expired = 'true'"><xsl:attribute name="class">note note-waiver expired</xsl:attribute></xsl:if>
      <div class="note-head">
        <span class="badge st-waived"><span class="glyph" aria-hidden="true">&#x2691;</span>
          <xsl:choose>
            <xsl:when test="@expired = 'true'">Expired waiver</xsl:when>
            <xsl:when test="local-name() = 'suppression'">Suppressed in the evidence</xsl:when>
            <xsl:otherwise>Waiver</xsl:otherwise>
          </xsl:choose>
        </span>
        <span class="note-by">by <xsl:value-of select="r:by"/></span>
      </div>
      <p class="note-text"><xsl:value-of select="r:reason"/></p>
      <p class="note-meta">
        <xsl:if test="@date">granted <xsl:value-of select="@date"/> · </xsl:if>
        <xsl:choose>
          <xsl:when test="@expires">
            <xsl:choose>
              <xsl:when test="@expired = 'true'">expired <xsl:value-of select="@expires"/> (no longer in force)</xsl:when>
              <xsl:otherwise>expires <xsl:value-of select="@expires"/></xsl:otherwise>
            </xsl:choose>
          </xsl:when>
          <xsl:otherwise>no expiry</xsl:otherwise>
        </xsl:choose>
        <xsl:if test="r:target"> · target <xsl:value-of select="r:target"/></xsl:if>
        <xsl:text> · source </xsl:text><code><xsl:value-of select="r:source"/></code>
      </p>
    </div>
  </xsl:template>

  <!-- An attestation: who answered what, when, until when, with what proof. -->
  <xsl:template match="r:attestation">
    <div class="note note-attest">
      <xsl:if test="@expired = 'true'"><xsl:attribute name="class">note note-attest expired</xsl:attribute></xsl:if>
      <div class="note-head">
        <span class="badge st-attest"><span class="glyph" aria-hidden="true">&#x270E;</span>
          <xsl:choose>
            <xsl:when test="@expired = 'true'">Expired attestation (counted as missing)</xsl:when>
            <xsl:otherwise>Attestation</xsl:otherwise>
          </xsl:choose>
        </span>
        <span class="note-by">
          <xsl:call-template name="status-label"><xsl:with-param name="s" select="@status"/></xsl:call-template>
          <xsl:text>, by </xsl:text><xsl:value-of select="r:by"/>
        </span>
      </div>
      <xsl:if test="r:note"><p class="note-text"><xsl:value-of select="r:note"/></p></xsl:if>
      <p class="note-meta">
        <xsl:if test="@date">answered <xsl:value-of select="@date"/> · </xsl:if>
        <xsl:choose>
          <xsl:when test="@expires">
            <xsl:choose>
              <xsl:when test="@expired = 'true'">expired <xsl:value-of select="@expires"/></xsl:when>
              <xsl:otherwise>valid until <xsl:value-of select="@expires"/></xsl:otherwise>
            </xsl:choose>
          </xsl:when>
          <xsl:otherwise>no expiry</xsl:otherwise>
        </xsl:choose>
        <xsl:text> · source </xsl:text><code><xsl:value-of select="r:source"/></code>
      </p>
      <xsl:if test="r:evidence"><p class="note-meta">evidence: <span class="ref-text"><xsl:value-of select="r:evidence"/></span></p></xsl:if>
    </div>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Attestations and waivers, in one place                             -->
  <!-- ================================================================== -->

  <xsl:template name="answers">
    <xsl:variable name="att" select="r:rules/r:rule[r:attestation]"/>
    <xsl:variable name="wv" select="r:rules/r:rule[r:waiver or r:finding/r:suppression]"/>
    <xsl:variable name="waivers" select="$wv/r:waiver[not(r:source = ../r:finding/r:suppression/r:source)] | $wv/r:finding/r:suppression"/>
    <section id="answers" class="panel">
      <h2>Attestations &amp; waivers</h2>
      <h3>Attestations (<xsl:value-of select="count($att)"/>)</h3>
      <xsl:choose>
        <xsl:when test="$att">
          <table class="list">
            <thead><tr><th scope="col">Rule</th><th scope="col">Answer</th><th scope="col">By</th><th scope="col">Date</th><th scope="col">Expires</th><th scope="col">Note and evidence</th></tr></thead>
            <tbody>
              <xsl:for-each select="$att">
                <xsl:variable name="a" select="r:attestation"/>
                <tr>
                  <xsl:if test="$a/@expired = 'true'"><xsl:attribute name="class">expired</xsl:attribute></xsl:if>
                  <td><a href="#rule-{@id}"><code><xsl:value-of select="@id"/></code></a></td>
                  <td><xsl:call-template name="badge"><xsl:with-param name="s" select="$a/@status"/></xsl:call-template></td>
                  <td><xsl:value-of select="$a/r:by"/></td>
                  <td class="nowrap"><xsl:value-of select="$a/@date"/></td>
                  <td class="nowrap">
                    <xsl:choose>
                      <xsl:when test="$a/@expires"><xsl:value-of select="$a/@expires"/></xsl:when>
                      <xsl:otherwise>never</xsl:otherwise>
                    </xsl:choose>
                    <xsl:if test="$a/@expired = 'true'"> <strong class="flag">expired</strong></xsl:if>
                  </td>
                  <td>
                    <xsl:value-of select="$a/r:note"/>
                    <xsl:if test="$a/r:evidence"><div class="ref-text"><xsl:value-of select="$a/r:evidence"/></div></xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="muted">No attestations were given.</p></xsl:otherwise>
      </xsl:choose>
      <h3>Waivers (<xsl:value-of select="count($waivers)"/>)</h3>
      <xsl:choose>
        <xsl:when test="$wv">
          <table class="list">
            <thead><tr><th scope="col">Rule</th><th scope="col">State</th><th scope="col">By</th><th scope="col">Reason</th><th scope="col">Expires</th><th scope="col">Source</th></tr></thead>
            <tbody>
              <xsl:for-each select="$waivers">
                <xsl:variable name="rule" select="ancestor::r:rule"/>
                <tr>
                  <xsl:if test="@expired = 'true'"><xsl:attribute name="class">expired</xsl:attribute></xsl:if>
                  <td><a href="#rule-{$rule/@id}"><code><xsl:value-of select="$rule/@id"/></code></a></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@expired = 'true'"><xsl:call-template name="badge"><xsl:with-param name="s" select="'fail'"/><xsl:with-param name="label" select="'Expired'"/></xsl:call-template></xsl:when>
                      <xsl:otherwise><xsl:call-template name="badge"><xsl:with-param name="s" select="'waived'"/><xsl:with-param name="label" select="'In force'"/></xsl:call-template></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td><xsl:value-of select="r:by"/></td>
                  <td><xsl:value-of select="r:reason"/><xsl:if test="r:target"><div class="muted">target <xsl:value-of select="r:target"/></div></xsl:if></td>
                  <td class="nowrap">
                    <xsl:choose>
                      <xsl:when test="@expires"><xsl:value-of select="@expires"/></xsl:when>
                      <xsl:otherwise>never</xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td><code><xsl:value-of select="r:source"/></code></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="muted">No waivers apply.</p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Every control, by framework and group                              -->
  <!-- ================================================================== -->

  <xsl:template name="all-controls">
    <section id="controls" class="panel">
      <h2>Controls by framework</h2>
      <p class="lead">Every control of the catalog with the roll-up of its rules: a control fails when any rule fails, is unverified while any rule awaits evidence or an attestation, and is waived when it passes only through a waiver.</p>
      <xsl:for-each select="r:frameworks/r:framework">
        <xsl:variable name="fw" select="."/>
        <h3><xsl:value-of select="r:title"/></h3>
        <xsl:for-each select="r:group">
          <xsl:variable name="ctls" select="key('controls-of-group', concat($fw/@id, ' ', @id))"/>
          <xsl:if test="$ctls">
            <details class="ctl-group">
              <xsl:if test="$ctls[@status = 'fail' or @status = 'error']"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
              <summary>
                <xsl:if test="not(contains(translate(r:title, $upper, $lower), translate(@id, $upper, $lower)))">
                  <span class="grp-id"><xsl:value-of select="@id"/></span>
                  <xsl:text> </xsl:text>
                </xsl:if>
                <span class="grp-title"><xsl:value-of select="r:title"/></span>
                <span class="grp-tally">
                  <xsl:call-template name="mini-count"><xsl:with-param name="set" select="$ctls"/><xsl:with-param name="s" select="'fail'"/></xsl:call-template>
                  <xsl:call-template name="mini-count"><xsl:with-param name="set" select="$ctls"/><xsl:with-param name="s" select="'error'"/></xsl:call-template>
                  <xsl:call-template name="mini-count"><xsl:with-param name="set" select="$ctls"/><xsl:with-param name="s" select="'unverified'"/></xsl:call-template>
                  <xsl:call-template name="mini-count"><xsl:with-param name="set" select="$ctls"/><xsl:with-param name="s" select="'waived'"/></xsl:call-template>
                  <xsl:call-template name="mini-count"><xsl:with-param name="set" select="$ctls"/><xsl:with-param name="s" select="'pass'"/></xsl:call-template>
                  <xsl:call-template name="mini-count"><xsl:with-param name="set" select="$ctls"/><xsl:with-param name="s" select="'notapplicable'"/></xsl:call-template>
                  <xsl:call-template name="mini-count"><xsl:with-param name="set" select="$ctls"/><xsl:with-param name="s" select="'notselected'"/></xsl:call-template>
                </span>
              </summary>
              <table class="list ctl-table">
                <colgroup><col class="c-ref"/><col/><xsl:if test="$ctls/@levels"><col class="c-levels"/></xsl:if><col class="c-roles"/><col class="c-status"/></colgroup>
                <thead><tr><th scope="col">Control</th><th scope="col">Title</th><xsl:if test="$ctls/@levels"><th scope="col">Levels</th></xsl:if><th scope="col">Roles</th><th scope="col">Status</th></tr></thead>
                <tbody>
                  <xsl:for-each select="$ctls">
                    <tr>
                      <th scope="row"><xsl:value-of select="@ref"/></th>
                      <td><xsl:value-of select="r:title"/></td>
                      <xsl:if test="$ctls/@levels"><td class="nowrap"><xsl:value-of select="translate(@levels, ' ', ',')"/></td></xsl:if>
                      <td><xsl:call-template name="role-titles"><xsl:with-param name="roles" select="@roles"/></xsl:call-template></td>
                      <td><xsl:call-template name="badge"><xsl:with-param name="s" select="@status"/></xsl:call-template></td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </details>
          </xsl:if>
        </xsl:for-each>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Evidence inventory and sign-off                                    -->
  <!-- ================================================================== -->

  <xsl:template name="evidence">
    <section id="evidence" class="panel">
      <h2>Evidence inventory</h2>
      <p class="lead">Every input this run read, with its size and SHA-256, so the result can be tied to exactly these files.</p>
      <table class="list inventory">
        <thead><tr><th scope="col">Kind</th><th scope="col">Path</th><th scope="col" class="num">Bytes</th><th scope="col">SHA-256</th></tr></thead>
        <tbody>
          <xsl:for-each select="r:evidence/r:input">
            <tr>
              <td><xsl:value-of select="@kind"/></td>
              <td class="path"><code><xsl:value-of select="r:path"/></code></td>
              <td class="num"><xsl:value-of select="@size"/></td>
              <td class="hash"><code><xsl:value-of select="@sha256"/></code></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <xsl:template name="signoff">
    <section id="signoff" class="panel signoff">
      <h2>Sign-off</h2>
      <dl class="facts">
        <div><dt>Target</dt><dd><xsl:value-of select="r:run/r:target"/></dd></div>
        <div><dt>Result</dt><dd>CSVS level <xsl:value-of select="r:summary/@level-achieved"/> achieved</dd></div>
        <div><dt>Auditor</dt><dd>
          <xsl:choose>
            <xsl:when test="r:run/r:auditor"><xsl:value-of select="r:run/r:auditor"/></xsl:when>
            <xsl:otherwise><span class="muted">not named</span></xsl:otherwise>
          </xsl:choose>
        </dd></div>
        <div><dt>Date</dt><dd><xsl:value-of select="substring(r:run/r:generated, 1, 10)"/></dd></div>
      </dl>
      <div class="sign-line"><span>Signature</span></div>
    </section>
  </xsl:template>

</xsl:stylesheet>
