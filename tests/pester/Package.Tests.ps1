#Requires -Modules Pester
# build.ps1 Package: the package PowerShell repositories take, made from the built module folder.

BeforeAll {
    $script:folder = $env:QIANFAN_TEST_MODULE
    Import-Module (Join-Path $PSScriptRoot '../../tools/BuildTools.psm1') -Force
    $script:manifest = Import-PowerShellDataFile (Join-Path $script:folder 'Qianfan.psd1')

    function Get-PackageEntries([string] $Path) {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try { $zip.Entries.FullName } finally { $zip.Dispose() }
    }
}

# Compress-PSResource ships with PowerShell 7.4 and later, as build.ps1 Package requires: not run on Windows PowerShell.
Describe 'Module package' -Skip:($PSVersionTable.PSEdition -eq 'Desktop') {
    BeforeAll {
        $script:package = New-ModulePackage -ModulePath $script:folder -OutputDirectory $TestDrive
    }

    It 'is named after the manifest''s version' {
        Split-Path $script:package -Leaf | Should -Be "Qianfan.$($script:manifest.ModuleVersion).nupkg"
    }

    It 'holds the module files at its root: manifest, dlls, format file, help and licence' {
        $entries = Get-PackageEntries $script:package
        foreach ($file in 'Qianfan.psd1', 'Qianfan.dll', 'System.Text.Json.dll', 'Qianfan.Format.ps1xml',
            'en-US/Qianfan.dll-Help.xml', 'en-US/about_Qianfan.help.txt', 'LICENSE', 'Qianfan.nuspec') {
            $entries | Should -Contain $file
        }
    }

    It 'claims no project or licence address, since the project has none' {
        $nuspec = [xml](& {
                Add-Type -AssemblyName System.IO.Compression.FileSystem
                $zip = [System.IO.Compression.ZipFile]::OpenRead($script:package)
                try {
                    $reader = [System.IO.StreamReader]::new($zip.GetEntry('Qianfan.nuspec').Open())
                    try { $reader.ReadToEnd() } finally { $reader.Dispose() }
                }
                finally { $zip.Dispose() }
            })
        $nuspec.package.metadata.version | Should -Be $script:manifest.ModuleVersion
        $nuspec.OuterXml | Should -Not -Match '<projectUrl|<licenseUrl|<iconUrl'
    }

    It 'is refused by the check when a module file is not in it' {
        $copy = Join-Path $TestDrive 'module-copy/Qianfan'
        Copy-Item $script:folder $copy -Recurse
        Set-Content (Join-Path $copy 'extra.txt') 'not packaged'
        { Assert-ModulePackage -PackagePath $script:package -ModulePath $copy } | Should -Throw '*extra.txt*'
    }
}
