# Installs Bridge as a Windows service from its published output. In an elevated PowerShell:
#   dotnet publish src/Bridge.Service -c Release -o $env:TEMP\bridge-publish
#   & $env:TEMP\bridge-publish\service\install-windows-service.ps1
# Program in -InstallDir (replaced on every install), configuration, dial plans, state and logs in -DataDir
# (the service's content root: appsettings.Production.json there overrides the program's appsettings.json, and
# relative paths in it are taken from there). The service runs as its own virtual account, NT SERVICE\Bridge.
param(
    [string]$InstallDir = "$env:ProgramFiles\Bridge",
    [string]$DataDir = "$env:ProgramData\Bridge",
    [string]$Source = (Split-Path -Parent $PSScriptRoot),
    [switch]$NoStart
)
$ErrorActionPreference = 'Stop'
if (-not (Test-Path (Join-Path $Source 'bridge.dll'))) {
    throw "$Source is not a published Bridge (no bridge.dll): run dotnet publish src/Bridge.Service -c Release -o DIR first"
}

# Stop an installed service before its program is replaced.
$existing = Get-Service -Name Bridge -ErrorAction SilentlyContinue
if ($existing -and $existing.Status -ne 'Stopped') { Stop-Service Bridge }

# The program: a fresh copy of the published directory.
if ((Resolve-Path $Source).Path -ne $InstallDir) {
    if (Test-Path $InstallDir) { Remove-Item -Recurse -Force $InstallDir }
    Copy-Item -Recurse -Force $Source $InstallDir
}

# Configuration and dial plans, made once and never overwritten; state and logs under data\.
New-Item -ItemType Directory -Force $DataDir, (Join-Path $DataDir 'data') | Out-Null
$settings = Join-Path $DataDir 'appsettings.Production.json'
if (-not (Test-Path $settings)) {
    Set-Content -Encoding UTF8 $settings @'
{
  // Every key is in README.md ("Configuration"); relative paths are taken from this directory.
  "Bridge": {
    "DialPlans": "dialplans",
    "Data": "data"
  }
}
'@
}
if (-not (Test-Path (Join-Path $DataDir 'dialplans'))) {
    Copy-Item -Recurse (Join-Path $InstallDir 'dialplans') (Join-Path $DataDir 'dialplans')
}

# bridge.exe exists when the output was published on Windows (or with -r win-x64); otherwise run bridge.dll with dotnet.
$exe = Join-Path $InstallDir 'bridge.exe'
$program = if (Test-Path $exe) { "`"$exe`"" } else { "`"$((Get-Command dotnet).Source)`" `"$InstallDir\bridge.dll`"" }
$binary = "$program run --contentRoot=`"$DataDir`" --environment=Production"
if ($existing) {
    sc.exe config Bridge binPath= $binary | Out-Null
} else {
    New-Service -Name Bridge -DisplayName 'Bridge SIP conference bridge' -BinaryPathName $binary -StartupType Automatic | Out-Null
    New-NetFirewallRule -DisplayName 'Bridge SIP' -Direction Inbound -Protocol UDP -LocalPort 5060 -Action Allow | Out-Null
    New-NetFirewallRule -DisplayName 'Bridge SIP TCP/TLS' -Direction Inbound -Protocol TCP -LocalPort 5060,5061 -Action Allow | Out-Null
    New-NetFirewallRule -DisplayName 'Bridge RTP' -Direction Inbound -Protocol UDP -LocalPort 20000-29999 -Action Allow | Out-Null
    New-NetFirewallRule -DisplayName 'Bridge web page' -Direction Inbound -Protocol TCP -LocalPort 8080,8443 -Action Allow | Out-Null
}
# Its own virtual account instead of LocalSystem: it may change only its data directory.
sc.exe config Bridge obj= 'NT SERVICE\Bridge' | Out-Null
icacls $DataDir /grant 'NT SERVICE\Bridge:(OI)(CI)M' | Out-Null

if (-not $NoStart) {
    Start-Service Bridge
    Write-Host "Bridge started. Logs: $DataDir\data\logs\"
}
